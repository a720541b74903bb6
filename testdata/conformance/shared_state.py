# Module-level containers and counters mutated by functions, as locustfiles
# do (ACCOUNTS.pop() in on_start, a global counter, a stats dict).
ACCOUNTS = [{"user": "u%d" % i, "pw": "p"} for i in range(5)]
stats = {"requests": 0, "errors": 0, "by_user": {}}
seen = set()
LOG = []
counter = 0


def take_account():
    acct = ACCOUNTS.pop()
    acct["taken"] = True
    seen.add(acct["user"])
    return acct


def record(user, ok):
    global counter
    counter += 1
    stats["requests"] += 1
    if not ok:
        stats["errors"] += 1
    stats["by_user"].setdefault(user, 0)
    stats["by_user"][user] += 1
    LOG.append((user, ok))


for i in range(3):
    a = take_account()
    record(a["user"], i != 1)
    record(a["user"], True)

print(len(ACCOUNTS), [a["user"] for a in ACCOUNTS], sorted(seen))
print(stats, counter)
print(LOG[-1], len(LOG), LOG[:2])
print("u0" in [a["user"] for a in ACCOUNTS], ACCOUNTS[0], ACCOUNTS[-1]["user"])
print(sorted(stats["by_user"].items()), list(stats.keys()), stats.get("missing", "-"))
snapshot = list(ACCOUNTS)
snapshot.append("local")
print(len(snapshot), len(ACCOUNTS), ACCOUNTS == ACCOUNTS, str(ACCOUNTS[:1]))
while ACCOUNTS:
    ACCOUNTS.pop()
print(ACCOUNTS, bool(ACCOUNTS), len(ACCOUNTS))


class Registry:
    users = []
    total = 0

    def add(self, name):
        self.users.append(name)
        Registry.total += 1


Registry().add("a")
Registry().add("b")
print(Registry.users, Registry.total)
