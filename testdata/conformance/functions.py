# Functions: defaults, *args/**kwargs, keyword-only, closures, recursion,
# lambdas, decorators.
def f(a, b=2, *args, c, d=4, **kw):
    return (a, b, args, c, d, sorted(kw.items()))


print(f(1, c=3))
print(f(1, 5, 6, 7, c=3, e=9, d=0))
args = [10, 20, 30]
opts = {"c": "C", "z": "Z"}
print(f(*args, **opts))
print(f(*args, 40, c=1, **{"y": 1}, **{"x": 2}))


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(20))


def make_counter():
    count = 0

    def inc(by=1):
        nonlocal count
        count += by
        return count

    return inc


inc = make_counter()
inc()
inc(5)
print(inc())


def make_adders():
    return [lambda x, n=n: x + n for n in range(3)]


print([add(10) for add in make_adders()])


def log_calls(prefix):
    def deco(fn):
        def wrapper(*a, **k):
            print(prefix, fn.__name__, a)
            return fn(*a, **k)
        return wrapper
    return deco


@log_calls("calling")
@log_calls("inner")
def add(x, y):
    return x + y


print(add(2, 3))
square = lambda v: v * v
print(square(7), (lambda *xs: sum(xs))(1, 2, 3), sorted(["bb", "a", "ccc"], key=lambda s: -len(s)))


def outer():
    data = {"hits": 0}
    items = []

    def touch(x):
        data["hits"] += 1
        items.append(x)

    for i in range(3):
        touch(i)
    return data, items


print(outer())


def late_binding():
    fns = []
    for i in range(3):
        fns.append(lambda: i)
    return [fn() for fn in fns]


print(late_binding())


def kwonly(*, key, value=None):
    return key, value


print(kwonly(key=1), kwonly(value=2, key=3))


def shadow():
    len = 3
    return len


print(shadow(), len("abc"))


def returns_none():
    pass


print(returns_none(), (lambda: None)())


def gen_default(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc


print(gen_default(1), gen_default(2))
