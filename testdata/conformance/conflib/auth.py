# A submodule with a relative import.
from . import VERSION
from .sub.util import slug

CALLS = []


def login(user, password="secret"):
    CALLS.append(user)
    return {"user": slug(user), "token": f"tok-{user}-{len(password)}", "v": VERSION}
