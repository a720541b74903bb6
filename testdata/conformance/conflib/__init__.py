# A package beside the script: its __init__ runs once.
print("conflib loaded")
VERSION = "1.2"
_private = "hidden"


def shout(s):
    return s.upper() + "!"
