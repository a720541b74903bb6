# Code CPython's parser accepts and only its compiler rejects: gust's parser must accept it too
# and leave the verdict to later passes.
return
return 1
yield
yield from x
break
continue
nonlocal n
*a = b
a, *b, *c = d
def f(a, a): pass
def g():
    x = 1
    global x
try:
    pass
except:
    pass
except ValueError:
    pass
f(a=1, a=2)
class C(x=1, x=2): pass
def h(): nonlocal nope
__debug__ = 1
del __debug__
lambda: (yield)
[(yield) for x in y]
