# Errors raised by the interpreter and by builtins arrive as the Python
# exception a script expects, with Python's message.
import json


def catch(fn):
    try:
        fn()
    except Exception as e:
        print(type(e).__name__ + ":", e)


catch(lambda: {"a": 1}["missing"])
catch(lambda: {}[3])
catch(lambda: [1, 2][5])
catch(lambda: "abc"[10])
catch(lambda: (1,)[3])
catch(lambda: [].pop())
catch(lambda: int("x"))
catch(lambda: float("nope"))
catch(lambda: "s".nope)
catch(lambda: None.attr)
catch(lambda: 1 / 0)
catch(lambda: 1 // 0)
catch(lambda: 1 % 0)
catch(lambda: "a" + 1)
catch(lambda: 1 + "a")
nothing = None
catch(lambda: nothing())
catch(lambda: len(5))
catch(lambda: {[1]: 2})
catch(lambda: [1].index(5))
catch(lambda: [1].remove(5))
catch(lambda: json.loads("{bad json"))
catch(lambda: json.loads(""))
catch(lambda: "x" * "y")
catch(lambda: -"x")
catch(lambda: "abc".index("z"))
catch(lambda: {}.pop("k"))
catch(lambda: 5 in 5)
catch(lambda: "1" < 2)


def two(a, b):
    return a


def one(a):
    return a


catch(lambda: two(1))
catch(lambda: one(1, 2))
catch(lambda: one(b=2))


def unbound():
    try:
        print(value)
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)
    value = 1
    return value


unbound()

try:
    json.loads("[1, 2,]")
except ValueError as e:
    print("JSONDecodeError is a ValueError:", type(e).__name__)

try:
    x, y = [1, 2, 3]
except ValueError as e:
    print("ValueError:", e)

try:
    x, y, z = [1, 2]
except ValueError as e:
    print("ValueError:", e)
