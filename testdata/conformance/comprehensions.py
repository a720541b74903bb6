# List, set, dict comprehensions and generator expressions.
nums = [5, 3, 8, 1]
print([n * 2 for n in nums if n > 2])
print([(i, c) for i in range(2) for c in "ab"])
print(sorted({n % 3 for n in nums}))
print({k: v for k, v in zip("abc", range(3)) if v})
print(sum(n for n in nums), max(n for n in nums if n < 8), any(n > 7 for n in nums))
print("".join(c.upper() for c in "hello"), ",".join(str(n) for n in nums))
matrix = [[1, 2], [3, 4]]
print([x for row in matrix for x in row], [[r[i] for r in matrix] for i in range(2)])
words = ["apple", "bob", "kayak", "zed"]
print([w for w in words if w == w[::-1]], {w[0]: len(w) for w in words})
x = "outer"
print([x for x in range(3)], x)
print(list(map(lambda p: p[0] * p[1], [(2, 3), (4, 5)])))
print([y for y in [1, 2, 3, 4, 5, 6] if y % 2 == 0 if y > 2])
pairs = {(a, b) for a in range(3) for b in range(3) if a < b}
print(sorted(pairs))
print(dict((str(i), i * i) for i in range(3)))
print([i for i in range(10)][2:8:2], list(reversed([c for c in "abc"])))
