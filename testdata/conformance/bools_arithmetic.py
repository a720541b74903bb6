# Bools are ints in arithmetic, as scripts count with them.
hits = [200, 404, 200, 500, 201]
ok = 0
for code in hits:
    ok = ok + (code < 400)
print(ok, True + 1, True + True, False * 10, 3 - True, True / 2, 7 // True)
print((len(hits) > 3) * 10, 10 * (hits[0] == 200), 1.5 + (hits[1] == 404))
print(True & False, True | False, True ^ True, True & 3, 6 | False)
print(sum(c >= 400 for c in hits), not hits + [1] == [], bool(hits) + 0)
print("%d%%" % (100 * (ok == 3)), "x" * (ok > 1), [0] * (not ok))
retry = isinstance(ok, int) + 1
print(retry, hasattr(hits, "append") << 2, callable(print) - 1)
