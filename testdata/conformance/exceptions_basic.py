# try/except/else/finally: ordering, matching, the exception object.
log = []


def attempt(kind):
    try:
        log.append("try " + kind)
        if kind == "key":
            {}["missing"]
        elif kind == "value":
            raise ValueError("bad value", 42)
        elif kind == "type":
            raise TypeError
        log.append("no error")
    except KeyError as e:
        log.append("KeyError " + str(e) + " " + repr(e))
    except (ValueError, TypeError) as e:
        log.append(type(e).__name__ + " args=" + str(e.args) + " str=" + str(e))
    else:
        log.append("else")
    finally:
        log.append("finally " + kind)


for kind in ["ok", "key", "value", "type"]:
    attempt(kind)
print("\n".join(log))


def bare():
    try:
        raise RuntimeError("boom")
    except:
        return "caught by bare except"


print(bare())


def base_class():
    try:
        [][1]
    except LookupError as e:
        return "LookupError caught " + type(e).__name__ + ": " + str(e)


print(base_class())


def reraise():
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            print("handling, then re-raising")
            raise
    except KeyError as e:
        return "outer got " + repr(e)


print(reraise())


def chained():
    try:
        try:
            int("x")
        except ValueError as e:
            raise RuntimeError("wrapped") from e
    except RuntimeError as e:
        return str(e) + " caused by " + type(e.__cause__).__name__


print(chained())


def finally_return():
    try:
        return "from try"
    finally:
        print("finally runs before the return")


print(finally_return())


def finally_overrides():
    try:
        raise ValueError("lost")
    finally:
        return "finally wins"


print(finally_overrides())


def nested_handlers():
    out = []
    try:
        try:
            raise IndexError("i")
        except KeyError:
            out.append("wrong")
        finally:
            out.append("inner finally")
    except IndexError as e:
        out.append("outer " + str(e))
    return out


print(nested_handlers())


def exception_in_handler():
    try:
        try:
            raise ValueError("first")
        except ValueError:
            raise KeyError("second")
    except KeyError as e:
        return "got " + str(e)


print(exception_in_handler())

e = Exception("a", 1)
print(e.args, str(e), repr(e), str(Exception()), repr(Exception()))
print(isinstance(KeyError(), LookupError), issubclass(ZeroDivisionError, ArithmeticError))
