"""Compound statements."""


def f():
    return


def g(a, b=1, *args, c, d=2, **kwargs) -> dict:
    """Docstring."""
    return {"a": a, **kwargs}


def h(a, /, b, *, c):
    return a, b, c


def i(a=1, /, b=2, *c, d, **e):
    return *c, d


def annotated(self, x: int, y: "str" = "", *args: tuple, z: float = 1.0, **kw: dict) -> None:
    pass


def trailing(a, b,):
    pass


def kwonly(*, a, b=1, c):
    pass


def only_kwargs(**kw): pass


def gen():
    yield
    yield 1
    yield 1, 2
    x = yield
    y = yield from other()
    z = (yield)
    yield from (yield)
    return (yield)


def outer():
    x = 1

    def inner():
        nonlocal x
        x += 1
        return x

    return inner


@task
def decorated():
    pass


@task(3)
@tag("a", "b")
@events.test_start.add_listener
@(lambda fn: fn)
@handlers[0]
@x if y else z
def multi(environment, **kwargs):
    pass


class Empty:
    pass


class User(HttpUser):
    wait_time = between(1, 5)
    host = "http://localhost"

    @task(2)
    def index(self):
        self.client.get("/")

    def on_start(self):
        pass


class Meta(Base, metaclass=ABCMeta, **opts):
    x: int = 0


class Paren():
    pass


@dataclass
class Decorated(A, B,):
    pass


if x:
    pass

if x:
    a = 1
elif y:
    a = 2
elif z:
    a = 3
else:
    a = 4

if a: b = 1
if a: b = 1; c = 2
if (n := len(items)) > 10: pass

for x in items:
    pass

for i, x in enumerate(items):
    continue
else:
    pass

for k, (a, b) in d.items(): pass
for x, in pairs: pass
for x.attr in items: pass
for x[0] in items: pass
for *a, b in items: pass
for x in 1, 2, 3: pass
for x in *a, *b: pass
for x in a if b else c: pass

while True:
    break

while x > 0:
    x -= 1
else:
    done()

with open("f") as f:
    pass

with a, b:
    pass

with a as x, b as y:
    pass

with a as (x, y), b as [z, w]:
    pass

with a as x.attr, b as d[0]:
    pass

with (a as x, b as y):
    pass

with (a as x, b as y,):
    pass

with (a, b):
    pass

with (a, b) as c:
    pass

with (a):
    pass

with (yield):
    pass

with (a for a in b):
    pass

with self.client.get("/", catch_response=True) as response:
    if response.status_code != 200:
        response.failure("bad")

try:
    pass
except:
    pass

try:
    pass
except ValueError:
    pass
except (KeyError, IndexError) as e:
    raise
except Exception as e:
    pass
else:
    pass
finally:
    pass

try:
    pass
finally:
    pass

try:
    pass
except E:
    pass
finally:
    pass

try: x = 1
except: x = 2
else: x = 3
finally: x = 4

lambda: 0
lambda x: x
lambda x, y=1, *a, z, **k: x
lambda *, k: k
lambda a, /, b: a
lambda: (yield)

match = 1
match.x = 2
match(x)
match[x] = 1
case = 2
type = 3
type(x)
_ = 4
print(match, case, type, _)


def variadic_generic(*args: *Ts) -> tuple[*Ts]:
    return args
