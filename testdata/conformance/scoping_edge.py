# Scoping corners: blocks in class bodies, module-level blocks, closures over
# cells, comprehension variables, class-body names hidden from methods.
try:
    import json as codec
except ImportError:
    codec = None
print(codec is not None)

try:
    RATE = int("x")
except ValueError:
    RATE = 5
print(RATE)


def use_rate():
    return RATE * 2


print(use_rate())


class Settings:
    try:
        level = int("3")
    except ValueError:
        level = 0
    else:
        checked = True
    finally:
        done = "yes"
    for i in range(2):
        pass
    names = [n.upper() for n in ["a", "b"]]
    size = len(names)

    def describe(self):
        return (self.level, self.checked, self.done, self.names, self.size)


print(Settings().describe(), Settings.level)


def counter_factory():
    total = 0
    try:
        total = 10
    except Exception:
        pass

    def add(n):
        nonlocal total
        total += n
        return total

    return add


adder = counter_factory()
adder(1)
print(adder(2))


def closures_over_cells():
    fns = []
    try:
        for i in range(3):
            fns.append(lambda i=i: i * 10)
        last = i
    finally:
        pass
    return [f() for f in fns], last


print(closures_over_cells())


def shadowing(values):
    x = "function"
    result = [x for x in values]
    try:
        y = [x * 2 for x in values]
    except TypeError:
        y = None
    return x, result, y


print(shadowing([1, 2]))


def nested_blocks(items):
    found = []
    for item in items:
        try:
            with Ctx(item) as v:
                try:
                    if v == 2:
                        continue
                    if v == 4:
                        return found
                    found.append(v)
                finally:
                    found.append("f" + str(v))
        except ValueError:
            found.append("bad")
    return found


class Ctx:
    def __init__(self, v):
        self.v = v

    def __enter__(self):
        if self.v == 3:
            raise ValueError("three")
        return self.v

    def __exit__(self, *exc):
        return False


print(nested_blocks([1, 2, 3, 4, 5]), nested_blocks([1]))


def uses_later_global():
    return LATER + 1


LATER = 41
print(uses_later_global())
if (found_at := [1, 2, 3].index(2)) >= 0:
    print("walrus at module level", found_at)


def read_walrus():
    return found_at


print(read_walrus())
