# global and nonlocal rebinding.
counter = 0
names = []


def bump():
    global counter
    counter += 1
    names.append(counter)
    return counter


def reset():
    global counter
    counter = 0


bump()
bump()
print(counter, names)
reset()
print(counter)
bump()
print(counter, names)


def declare_later():
    global created
    created = "made inside a function"


declare_later()
print(created)


def outer():
    total = 0
    label = "start"

    def add(n):
        nonlocal total, label
        total += n
        label = "added " + str(n)

    add(2)
    add(3)
    return total, label


print(outer())


def deep():
    x = 1

    def mid():
        def inner():
            nonlocal x
            x = x * 10
        inner()
        inner()
    mid()
    return x


print(deep())
