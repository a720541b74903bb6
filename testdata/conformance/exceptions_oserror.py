# OSError and its subclasses read like Python's: "[Errno 111] Connection
# refused", errno/strerror/filename attributes, args.
def show(e):
    print(type(e).__name__, "|", str(e), "|", repr(e), "|", e.args, e.errno, e.strerror, e.filename)


for make in [
    lambda: ConnectionRefusedError(111, "Connection refused"),
    lambda: ConnectionResetError(104, "Connection reset by peer"),
    lambda: TimeoutError(110, "Connection timed out"),
    lambda: FileNotFoundError(2, "No such file or directory", "data.csv"),
    lambda: PermissionError(13, "Permission denied", "a.txt", None, "b.txt"),
    lambda: OSError("disk on fire"),
    lambda: OSError(),
    lambda: OSError(1, 2, 3, 4, 5, 6),
    lambda: IOError(5, "Input/output error"),
]:
    try:
        raise make()
    except OSError as e:
        show(e)

try:
    open("no/such/file.txt")
except FileNotFoundError as e:
    print(str(e), "|", e.args, e.errno, e.strerror, e.filename)
except OSError:
    print("wrong class")


class ServiceDown(ConnectionError):
    pass


try:
    raise ServiceDown(503, "unavailable")
except ConnectionError as e:
    print(type(e).__name__, str(e), e.errno)
