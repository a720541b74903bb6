# Classes: attributes, inheritance, special methods, decorators.
class Counter:
    """Counts things."""
    instances = 0
    step = 1

    def __init__(self, start=0):
        self.value = start
        Counter.instances += 1

    def bump(self, times=1):
        for _ in range(times):
            self.value += self.step
        return self

    def twice(self):
        return self.bump().bump()

    @staticmethod
    def describe():
        return "a counter"

    @classmethod
    def make(cls, start):
        return cls(start)

    @property
    def doubled(self):
        return self.value * 2

    @doubled.setter
    def doubled(self, v):
        self.value = v // 2

    def __repr__(self):
        return f"Counter({self.value})"

    def __eq__(self, other):
        return isinstance(other, Counter) and self.value == other.value

    def __lt__(self, other):
        return self.value < other.value

    def __len__(self):
        return self.value

    def __add__(self, other):
        return Counter(self.value + other.value)


class FastCounter(Counter):
    step = 10

    def bump(self, times=1):
        super().bump(times)
        return self


c = Counter(3).twice()
print(c, c.value, c.doubled, len(c), bool(Counter()), Counter.describe(), c.describe())
c.doubled = 40
print(c.value, c == Counter(20), c != Counter(20), c == "x")
f = FastCounter.make(1).bump(2)
print(f, type(f).__name__, isinstance(f, Counter), issubclass(FastCounter, Counter))
print(sorted([Counter(5), Counter(2), Counter(9)]), Counter(1) + Counter(2))
print(Counter.instances, Counter.step, FastCounter.step, f.step)
f.step = 7
print(f.step, FastCounter.step)
print(hasattr(c, "value"), hasattr(c, "nope"), getattr(c, "nope", "default"))
setattr(c, "extra", 5)
print(c.extra, vars(Counter(4)))
print(str(c), repr(c), f"{c}", "%s" % c, "%r" % [c])


class Node:
    class Meta:
        label = "node meta"

    def __init__(self, name, children=None):
        self.name = name
        self.children = children or []

    def __iter__(self):
        return iter(self.children)

    def __contains__(self, name):
        return any(ch.name == name for ch in self.children)

    def __getitem__(self, i):
        return self.children[i]

    def walk(self, depth=0):
        lines = ["  " * depth + self.name]
        for ch in self.children:
            lines.extend(ch.walk(depth + 1))
        return lines


tree = Node("root", [Node("a", [Node("a1")]), Node("b")])
print("\n".join(tree.walk()))
print([n.name for n in tree], "a" in tree, "z" in tree, tree[1].name, Node.Meta.label)


def register(cls):
    cls.registered = True
    return cls


@register
class Plugin:
    LIMIT = 3

    def run(self, n=LIMIT):
        return list(range(n))


print(Plugin.registered, Plugin().run())


class Base:
    def hello(self):
        return "base hello from " + self.who()

    def who(self):
        return "base"


class Mixin:
    def who(self):
        return "mixin"


class Child(Mixin, Base):
    pass


print(Child().hello(), [k.__name__ for k in Child.__mro__])

name = "global"


class Scoping:
    name = "class"

    def get(self):
        return name


print(Scoping().get(), Scoping.name)
