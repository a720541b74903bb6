# A package's __init__ that imports its own submodules.
import confpkg
from confpkg import Behaviour, helpers
import confpkg.behaviour

print(Behaviour().describe(), helpers.label("x"))
print(confpkg.Behaviour is confpkg.behaviour.Behaviour, confpkg.helpers is helpers)
