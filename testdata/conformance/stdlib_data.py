# The other standard modules data-driven locustfiles use: csv over open(),
# itertools, collections, copy, urllib.parse, hmac, pathlib, io, typing.
import copy
import csv
import hmac
import hashlib
import io
import itertools
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple
from pathlib import Path
from typing import Dict, List, Optional
from urllib.parse import parse_qs, quote, urlencode, urljoin, urlparse

with open("data/accounts.csv", newline="") as f:
    accounts: List[Dict[str, str]] = list(csv.DictReader(f))
print(accounts[1]["password"], [a["role"] for a in accounts])
with open("data/accounts.csv") as f:
    rows = list(csv.reader(f))
print(rows[0], len(rows))
out = io.StringIO()
w = csv.writer(out)
w.writerow(["a", "b,c", 'd"e'])
print(repr(out.getvalue()))
print(Path("data/accounts.csv").read_text().splitlines()[0], Path("data") / "x.json", Path("a/b.txt").suffix)

users = itertools.cycle([a["username"] for a in accounts])
print([next(users) for _ in range(3)], list(itertools.islice(itertools.count(10, 5), 3)))
print(list(itertools.chain([1], (2, 3))), list(itertools.product("ab", [1, 2])), list(itertools.combinations([1, 2, 3], 2)))
pool = deque(["t1", "t2", "t3"])
pool.rotate(1)
print(pool.popleft(), pool, len(pool))
hits = defaultdict(int)
for path in ["/a", "/b", "/a"]:
    hits[path] += 1
print(dict(hits), Counter("abracadabra").most_common(2), list(OrderedDict(b=1, a=2)))
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x + p.y, p._asdict())
orig = {"k": [1, 2]}
deep, shallow = copy.deepcopy(orig), copy.copy(orig)
orig["k"].append(3)
print(deep, shallow)

url = urlparse("https://shop.example.com/api/v1/items?page=2&q=a%20b#top")
print(url.scheme, url.netloc, url.path, parse_qs(url.query), url.fragment)
print(urlencode({"q": "laptop bag", "page": 1}), quote("a b/c"), urljoin("https://x.org/a/b", "../c"))
sig = hmac.new(b"secret", b"payload", hashlib.sha256).hexdigest()
print(sig, hmac.compare_digest(sig, sig))
maybe: Optional[int] = None
print(maybe)
