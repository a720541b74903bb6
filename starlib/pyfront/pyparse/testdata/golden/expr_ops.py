-2**2
2**-1
2**3**2
-x**-y
~a**b
+a - -b
not a
not not a
not a == b
not a < b < c
a or b and c or d
a and b and c
a or b or c
(a or b) and c
a < b <= c == d != e > f >= g
a is b
a is not b
a in b
a not in b
a is not None
a not in b not in c
a | b ^ c & d << e >> f
a + b - c * d / e // f % g @ h
(a + b) * c
a * (b + c)
a << 1 | b
a if b else c
a if b else c if d else e
(a if b else c) if d else e
lambda: a if b else c
x = lambda: 1 if y else 2
(x := 10)
[y := f(x), y**2]
f(z := 3)
a[b := 1]
if (m := re.match(p, s)) is not None: pass
while (chunk := read()): pass
x = a.b.c.d
x = a.b(c).d[e]
x = f(a)(b)(c)
x = a[1][2][3]
x = (a).b
x = (a)(b)
x = (a)[b]
x = "abc".upper()
x = 1 .real
x = 1.0.real
x = f()[0].g(h=1)
x = -a.b
x = not a.b
x = a**b.c
x = a * -b
x = a @ b
x = a // b % c
x = (yield)
x = a if not b else c
x = not a if b else c
x = a or b if c else d
x = [i for i in range(10) if i % 2 if i > 2]
x = a < b and c > d or not e
print(a, b, sep=", ")
