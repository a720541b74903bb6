# A module in a namespace package (no __init__.py).
import re


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def star_a():
    return "a"


def star_b():
    return "b"
