# dataclasses: fields from annotations, defaults, default_factory,
# __post_init__, inheritance, asdict/astuple/replace, repr and equality.
from dataclasses import asdict, astuple, dataclass, field, fields, is_dataclass, replace
from typing import ClassVar, Dict, List, Optional


@dataclass
class Credentials:
    username: str
    password: str = "secret"
    roles: List[str] = field(default_factory=list)
    token: Optional[str] = field(default=None, repr=False)
    MAX_ROLES: ClassVar[int] = 3

    def header(self):
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Order:
    order_id: str
    total: float = 0.0


@dataclass
class AdminCredentials(Credentials):
    level: int = 1

    def __post_init__(self):
        self.roles.append("admin")


a = Credentials("ann")
b = Credentials("bob", "pw", ["viewer"], token="t1")
print(a, b, a.header(), b.header())
print(a == Credentials("ann"), a == b, a.roles is not Credentials("x").roles, Credentials.MAX_ROLES)
admin = AdminCredentials("root", level=3)
print(admin, [f.name for f in fields(admin)], is_dataclass(admin), is_dataclass(Credentials), is_dataclass(1))
print(asdict(b), astuple(Order("o-1", 9.5)), replace(b, password="new"))
o = Order(order_id="o-2")
print(o, o.total, Credentials.password)
for bad in [lambda: Credentials(), lambda: Credentials("a", "b", [], None, 5), lambda: Credentials(user="x")]:
    try:
        bad()
    except TypeError as e:
        print("TypeError:", e)
try:
    @dataclass
    class Broken:
        items: list = []
except ValueError as e:
    print("ValueError:", e)
try:
    @dataclass
    class Order2:
        a: int = 1
        b: int
except TypeError as e:
    print("TypeError:", e)
