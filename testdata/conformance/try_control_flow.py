# return, break and continue through try/except/else/finally, checked against
# CPython's ordering of finally blocks.
trace = []


def find(items, target):
    for i, item in enumerate(items):
        try:
            if item == target:
                return i
            if item is None:
                continue
            if item == "stop":
                break
            trace.append("saw " + str(item))
        except Exception:
            trace.append("never")
        finally:
            trace.append("finally " + str(i))
    else:
        trace.append("loop ended without break")
        return -1
    return -2


print(find([1, None, 3], 3), find([1, "stop", 3], 9), find([5, 6], 9))
print(trace)


def nested(n):
    total = 0
    i = 0
    while i < n:
        i += 1
        try:
            try:
                if i % 2 == 0:
                    continue
                if i == 5:
                    return ("early", total)
                total += i
            finally:
                total += 100
        finally:
            total += 1000
    return ("done", total)


print(nested(3), nested(7))


def handler_flow(values):
    out = []
    for v in values:
        try:
            out.append(10 // v)
        except ZeroDivisionError:
            out.append("zero")
            continue
        else:
            out.append("ok")
        out.append("after")
    return out


print(handler_flow([5, 0, 2]))


def counter():
    count = 0
    for i in range(5):
        try:
            count += i
            if count > 5:
                break
        except KeyError:
            pass
    return count


print(counter())
