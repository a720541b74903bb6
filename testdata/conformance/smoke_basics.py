# Basics: arithmetic, strings, containers, functions, classes.
x = 7
y = 2
print(x // y, x % y, x / y, x ** y, -x // y, -x % y)
name = "world"
print(f"hello {name}!", f"{x:>4}|{3.14159:.2f}|{name!r}")
print("%s has %d items costing %.2f" % ("cart", 3, 9.5))
items = [3, 1, 2]
items.sort()
print(items, sorted(items, reverse=True), len("héllo"))
d = {"a": 1, "b": 2}
for k, v in d.items():
    print(k, v)
for c in "abc":
    print(c, end=" ")
print()

def greet(who, punct="!", *rest, **opts):
    return "hi " + who + punct + str(rest) + str(sorted(opts.items()))

print(greet("bob"), greet("amy", "?", 1, 2, z=3))

class Animal:
    kind = "animal"

    def __init__(self, name):
        self.name = name

    def speak(self):
        return f"{self.name} the {self.kind} makes a sound"

class Dog(Animal):
    kind = "dog"

    def speak(self):
        return super().speak() + ": woof"

d = Dog("rex")
print(d.speak(), isinstance(d, Animal), type(d).__name__)
a, *b = [1, 2, 3]
print(a, b)
p = q = 0
print(p, q, 1 < x < 10, x is None, x is not None)
