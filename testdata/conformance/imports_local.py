# Modules beside the script: packages, submodules, relative imports, import *.
import conflib
import conflib.auth
from conflib.auth import login as do_login, CALLS
from conflib import auth
from conflib.sub import util
from conflib.sub.util import *
import conflib.sub.util as u2

print(conflib.VERSION, conflib.shout("hi"))
print(do_login("Ann Smith"), conflib.auth.login("bob", "pw"))
print(CALLS, auth is conflib.auth, util.slug("A B"), u2 is util, star_a(), star_b())
try:
    from conflib import nothing_here
except ImportError as e:
    print("ImportError:", str(e).split(" (")[0])
try:
    import not_a_module_anywhere
except ImportError:
    print("guarded import failed quietly")
