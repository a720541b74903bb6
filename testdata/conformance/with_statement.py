# The with protocol: __enter__/__exit__, suppression, several items, control flow.
class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return self.suppress


with Resource("a") as value:
    print("inside with", value)

with Resource("b", suppress=True):
    raise ValueError("swallowed")
print("after suppressed error")

try:
    with Resource("c"):
        {}["k"]
except KeyError as e:
    print("propagated", repr(e))

with Resource("outer") as o, Resource("inner") as i:
    print("both", o, i)


def early(n):
    for k in range(n):
        with Resource("loop" + str(k)):
            if k == 1:
                return "returned at " + str(k)
    return "finished"


print(early(3))


def loop_control():
    seen = []
    for k in range(4):
        with Resource("r" + str(k)) as name:
            if k == 0:
                continue
            if k == 2:
                break
            seen.append(name)
    return seen


print(loop_control())
result = None
with Resource("assign") as got:
    result = got + "!"
print(result, got)
