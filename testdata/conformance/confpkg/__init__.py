# A package whose __init__ imports its own submodules while it is still
# loading (seen in real locustfile repositories: tests/__init__.py doing
# "from tests.behaviour import UserBehavior").
from confpkg.behaviour import Behaviour
from . import helpers
from .helpers import label

print("confpkg loaded;", label("init"))
