# The @ operator: classes with __matmul__/__rmatmul__ take it, anything
# else raises TypeError when the line runs (not when the file loads).
class Vec:
    def __init__(self, *xs):
        self.xs = list(xs)

    def __matmul__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return sum(a * b for a, b in zip(self.xs, other.xs))

    def __rmatmul__(self, other):
        return [other * x for x in self.xs]


print(Vec(1, 2, 3) @ Vec(4, 5, 6), 2 @ Vec(1, 2))
acc = Vec(1, 1)
acc @= Vec(3, 4)
print(acc)


def typo(wait):
    return print("sleep", wait) @ typo


try:
    typo(1)
except TypeError as e:
    print("TypeError:", e)
try:
    Vec(1) @ "x"
except TypeError as e:
    print("TypeError:", e)
