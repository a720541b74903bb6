# Assignment expressions, assert, del.
data = [3, 8, 1, 9]
if (n := len(data)) > 3:
    print("long list", n)
big = [y for x in data if (y := x * 2) > 5]
print(big, y)


def scan(values):
    found = None
    while (item := values.pop() if values else None) is not None:
        if item > 5:
            found = item
    return found


print(scan([1, 7, 3, 9, 2]))
try:
    assert 1 + 1 == 3, "math is broken"
except AssertionError as e:
    print("AssertionError:", e)
try:
    assert False
except AssertionError as e:
    print("bare assert:", repr(e))
assert True, "never"
d = {"a": 1, "b": 2, "c": 3}
del d["a"]
print(d)
lst = [0, 1, 2, 3, 4, 5]
del lst[1]
del lst[-1]
del lst[:2]
print(lst)


class O:
    pass


o = O()
o.x = 1
o.y = 2
del o.x
print(hasattr(o, "x"), o.y)
try:
    del d["zz"]
except KeyError as e:
    print("KeyError", e)
temp = 5
del temp
