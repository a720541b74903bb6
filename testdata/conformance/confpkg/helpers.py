# A submodule imported with "from . import helpers".
def label(s):
    return f"<{s}>"
