# Loops with else, break/continue, and every form of unpacking.
for i in range(3):
    if i == 5:
        break
else:
    print("for-else ran")

for i in range(3):
    if i == 1:
        break
else:
    print("never")
print("broke at", i)

n = 0
while n < 3:
    n += 1
else:
    print("while-else ran, n =", n)

k = 0
while True:
    k += 1
    if k % 2:
        continue
    if k > 6:
        break
print("k =", k)

for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)

first, *rest = [1, 2, 3, 4]
*init, last = "abc"
head, *mid, tail = (1, 2, 3, 4, 5)
print(first, rest, init, last, head, mid, tail)
a = b = c = []
a.append(1)
print(a, b, c, a is b)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (1, 2), 3
print(p, q, r)
[s, t] = "st"
print(s, t)
for (u, v), w in [((1, 2), 3)]:
    print(u, v, w)
for key, *vals in [("a", 1, 2), ("b",)]:
    print(key, vals)
d = {}
d["x"], d["y"] = 10, 20
print(d)


class P:
    pass


o = P()
o.left, o.right = "L", "R"
print(o.left, o.right)
matrix = [[1, 2, 3], [4, 5, 6]]
for row in matrix:
    for v in row:
        if v == 2:
            continue
        if v == 5:
            break
        print(v, end=" ")
print()
total = 0
for v in range(10, 0, -3):
    total += v
print(total)
