# The standard modules locustfiles use most, with deterministic output.
import json
import math
import re
import string
import base64
import hashlib
import os
import os.path
from datetime import datetime, timedelta
from json import dumps as to_json, JSONDecodeError

payload = {"user": "ann", "items": [1, 2.5, None, True], "nested": {"k": "v"}}
text = json.dumps(payload)
print(text, json.loads(text) == payload, to_json([1, "a"]), json.dumps(payload, sort_keys=True, indent=2))
print(json.dumps("é"), json.dumps({"a": (1, 2)}), json.loads('{"x": [1, {"y": null}]}'))
try:
    json.loads("{oops")
except JSONDecodeError as e:
    print("JSONDecodeError", e.msg, e.pos)
print(math.sqrt(16), math.floor(2.7), math.ceil(2.1), math.pi > 3.14, math.isclose(0.1 + 0.2, 0.3), math.inf > 1e308)
m = re.match(r"(\w+)-(\d+)", "order-42 rest")
print(m.group(0), m.group(1), m.group(2), re.findall(r"\d+", "a1b22c333"), re.sub(r"\s+", " ", "a   b \t c"))
print(string.ascii_lowercase, string.digits, len(string.ascii_letters))
enc = base64.b64encode(b"user:secret")
print(enc, base64.b64decode(enc), base64.b64encode("é".encode()).decode())
print(hashlib.sha256(b"abc").hexdigest(), hashlib.md5("abc".encode()).hexdigest())
print(os.path.join("a", "b", "c.txt"), os.path.basename("/x/y/z.py"), os.path.splitext("f.tar.gz"), os.environ.get("GUST_SURELY_UNSET", "default"))
d = datetime(2024, 3, 1, 12, 30, 5)
print(d.strftime("%Y-%m-%d %H:%M:%S"), (d + timedelta(days=3, hours=1)).isoformat(), d.year, d.weekday())
print((datetime(2024, 3, 2) - datetime(2024, 3, 1)).total_seconds(), timedelta(minutes=90), f"{d:%d/%m/%Y}")
