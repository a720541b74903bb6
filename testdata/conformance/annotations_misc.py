# Type annotations (dropped), docstrings, semicolons, pass,
# implicit string concatenation, numeric literals, chained methods.
from typing import Optional
"""Module docstring."""


class Config:
    """Settings."""
    host: str = "http://localhost"
    retries: int = 3
    timeout: float
    tags: "list[str]" = []

    def url(self, path: str, *, secure: bool = False) -> str:
        scheme = "https" if secure else "http"
        return f"{scheme}://{self.host.split('://')[1]}{path}"


def total(values: list, start: int = 0) -> int:
    """Sum with a start."""
    result: int = start
    for v in values:
        result += v
    return result


c = Config()
print(c.url("/a"), c.url("/b", secure=True), total([1, 2, 3], start=10), Config.retries, hasattr(Config, "timeout"))
x = 1; y = 2; z = x + y
print(x, y, z)
if z > 2:
    pass
else:
    print("never")
msg = ("implicit " "concatenation "
       'across lines')
print(msg, 0x1F, 0o17, 0b101, 1_000_000, 1e3, 2.5e-3, .5, 10.)
print("  chained Methods ".strip().lower().replace("methods", "calls").title())
maybe: Optional[int] = None
print(maybe is None, isinstance(maybe, type(None)))
print("end")
