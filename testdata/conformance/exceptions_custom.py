# User-defined exception classes: their own __init__, attributes, super().
class AppError(Exception):
    """Base of the app's errors."""


class HTTPError(AppError):
    def __init__(self, status, message="http failure"):
        super().__init__(message)
        self.status = status

    def __str__(self):
        return f"[{self.status}] {self.args[0]}"


class Quiet(ValueError):
    def __init__(self, detail):
        self.detail = detail


def fail(status):
    raise HTTPError(status, "server said no")


try:
    fail(503)
except AppError as e:
    print(type(e).__name__, e.status, str(e), e.args, isinstance(e, Exception), isinstance(e, HTTPError))

try:
    raise Quiet("d")
except ValueError as e:
    print("Quiet caught as ValueError:", e.detail, e.args, str(e))

try:
    raise AppError
except AppError as e:
    print("raised a class:", repr(e), e.args)

errors = [HTTPError(404), AppError("plain"), KeyError("k")]
for err in errors:
    try:
        raise err
    except HTTPError as e:
        print("http", e.status)
    except AppError as e:
        print("app", e)
    except Exception as e:
        print("other", type(e).__name__, e)

print(issubclass(HTTPError, AppError), issubclass(HTTPError, Exception), HTTPError.__name__)
print(HTTPError.__mro__[1].__name__, [c.__name__ for c in Quiet.__mro__])
