# Lazy iterators from itertools and csv with next(), iter() and zip(), as
# locustfiles use them to hand out test data; del on Counter entries.
import collections
import csv
import io
import itertools

users = itertools.cycle(["ann", "bob", "cat"])
print(next(users), next(users), next(users), next(users))
same = iter(users)
print(same is users, next(same))
ids = itertools.count(100)
print(next(iter(ids)), next(ids))
print(list(zip(["a", "b", "c"], itertools.repeat(0))))
print(list(zip(itertools.count(1), "xy")))
print(dict(zip(["k1", "k2"], itertools.cycle([True]))))
print(list(zip([1, 2, 3], [4, 5])), list(zip()))
try:
    list(zip([1, 2], [3], strict=True))
except ValueError as e:
    print("ValueError:", e)
try:
    list(zip([1], [2], [3, 4], strict=True))
except ValueError as e:
    print("ValueError:", e)
try:
    list(zip([1, 2], [3], [4], strict=True))
except ValueError as e:
    print("ValueError:", e)

reader = csv.reader(io.StringIO("a,1\nb,2\n"))
print(next(reader), iter(reader) is reader, list(reader))
rows = csv.DictReader(io.StringIO("name,n\nx,1\ny,2\nz,3\n"))
print([r["name"] for _, r in zip(range(2), rows)], next(rows)["name"])


class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


c = Countdown(3)
print(next(c), iter(c) is c, list(c), next(c, "done"))

counts = collections.Counter("abracadabra")
del counts["a"]
print(sorted(counts.items()))
od = collections.OrderedDict(x=1, y=2)
del od["x"]
print(list(od.items()))
try:
    del counts[5], counts["zz"]
except KeyError as e:
    print("KeyError:", e)
