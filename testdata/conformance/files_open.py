# open() relative to the script's folder, with-blocks at module level, and
# the data they produce shared by functions.
import json

with open("data/users.txt") as f:
    USERS = [line.strip().split(",") for line in f if line.strip()]

with open("data/config.json", encoding="utf-8") as fh:
    CONFIG = json.load(fh)

print(USERS, CONFIG["terms"], CONFIG["limit"], f.closed)


def next_user():
    name, password = USERS.pop(0)
    return name.title(), len(password)


print(next_user(), next_user(), len(USERS))
try:
    open("data/does_not_exist.txt")
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno if hasattr(e, "errno") else "")
except OSError as e:
    print("OSError", type(e).__name__)
text = open("data/users.txt").read()
print(text.splitlines()[-1], text.count("\n"))
