# Simple statements.
import os
import os.path, json as j
import a.b.c as d, e
from locust import HttpUser, task, between
from locust import (
    HttpUser as H,
    task,
)
from . import sibling
from .pkg.mod import name as alias
from .. import parent
from ... import grand
from .... import great
from ...x import y
from __future__ import annotations
from m import *

x = 1
a = b = c = 0
a, b = b, a
a, = t
(a, b), c = t
[a, b] = t
a, *rest = items
*init, last = items
[first, *_] = items
x.y = 1
x.y.z = 2
x[0] = 3
x[1:2] = [4]
x[i, j] = 5
f().attr = 6
d["k"]["j"] = 7
() = ()
[] = []
x = yield_ = 3

x += 1
x -= 1
x *= 2
x /= 2
x //= 2
x %= 3
x **= 2
x @= m
x &= 1
x |= 2
x ^= 3
x <<= 1
x >>= 1
self.count += 1
d["k"] += 1
(x) += 1

x: int
x: int = 5
self.x: "str" = "s"
d["k"]: list[int] = []
(y): float = 1.0
z: tuple = 1, 2
w: int = *a, b

del x
del x, y
del x.y, x[0], x[1:2]
del (a, b), [c, d]
del a,

pass
assert x
assert x, "message"
assert isinstance(x, int), f"bad {x!r}"
raise
raise ValueError
raise ValueError("bad") from err
raise ValueError("bad") from None

global g
global g1, g2
nonlocal n
nonlocal n1, n2

x = 1; y = 2;
print("hello", end="")
print
print >> f, x
...
"docstring-like expression"
