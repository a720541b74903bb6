# list, dict and set operations with Python semantics.
items = [5, 2, 8, 2]
items.append(1)
items.extend([9, 9])
items.extend("ab")
items.insert(0, 0)
items.insert(-1, "ins")
print(items, items.count(2), items.count(9), items.index(8))
items.remove("a")
popped = items.pop()
first = items.pop(0)
print(popped, first, items)
nums = [n for n in items if isinstance(n, int)]
nums.sort()
print(nums)
nums.sort(reverse=True)
print(nums)
nums.reverse()
words = ["banana", "Apple", "cherry"]
words.sort(key=str.lower)
print(nums, words, words.copy(), nums[:], nums[1:3], nums[::-1], nums[-2:])
del nums[0]
del nums[-1]
del nums[1:3]
print(nums)
nums += [100]
nums *= 2
print(nums, [0] * 3, [1, 2] + [3], 2 in nums, len(nums))
nums[0] = "first"
nums[-1] += 1
print(nums)

d = {"b": 2, "a": 1}
d["c"] = 3
d.update({"d": 4}, e=5)
d.update([("f", 6)])
print(d, len(d), "a" in d, "z" not in d, list(d), list(d.keys()), list(d.values()))
print(d.get("a"), d.get("zz"), d.get("zz", 0), d.pop("f"), d.pop("zz", "none"), d.setdefault("g", 7), d.setdefault("a", 99))
print(d.popitem(), d)
d2 = d.copy()
d2["new"] = 1
del d2["a"]
print(d, d2, {**d, "b": 20}, dict(d, z=26) == {**d, "z": 26})
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts, sorted(counts, key=counts.get, reverse=True))
nested = {"a": {"b": [1, 2]}}
nested["a"]["b"].append(3)
nested["a"]["c"] = {"x": 1}
nested["a"]["c"]["x"] += 10
print(nested)
for k, v in sorted(d.items()):
    print(k, v, end="; ")
print()

s = {3, 1}
s.add(2)
s.add(3)
s.update([4, 5], (6,))
s.discard(99)
s.remove(1)
print(sorted(s), len(s), 2 in s, sorted(s | {10}), sorted(s & {2, 4, 11}), sorted(s - {2}), sorted(s ^ {2, 20}))
a, b = {1, 2, 3}, {2, 3, 4}
print(sorted(a.union(b)), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a.issubset({1, 2, 3, 4}), a.issuperset({1}), a.isdisjoint({9}), sorted(set("hello")), set() == set())
t = (1, 2, 3)
print(t[0], t[-1], t[1:], t + (4,), t * 2, len(t), t.count(2), t.index(3), (1,) == (1,), () == ())
print([[0] * 2 for _ in range(2)], list(zip(*[[1, 2], [3, 4]])))
