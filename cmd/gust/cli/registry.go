package cli

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pybase64"
	"github.com/gust-load/gust/starlib/modules/pycollections"
	"github.com/gust-load/gust/starlib/modules/pycopy"
	"github.com/gust-load/gust/starlib/modules/pycsv"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/modules/pyhashlib"
	"github.com/gust-load/gust/starlib/modules/pyhmac"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/modules/pyitertools"
	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/modules/pylogging"
	"github.com/gust-load/gust/starlib/modules/pymath"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/modules/pyre"
	"github.com/gust-load/gust/starlib/modules/pysecrets"
	"github.com/gust-load/gust/starlib/modules/pystring"
	"github.com/gust-load/gust/starlib/modules/pytime"
	"github.com/gust-load/gust/starlib/modules/pyurllib"
	"github.com/gust-load/gust/starlib/modules/pyuuid"
)

// standardModules is the registry of the Python modules gust provides.
func standardModules() *modules.Registry {
	r := modules.NewRegistry()
	for name, f := range map[string]modules.Factory{
		"base64": pybase64.Module, "collections": pycollections.Module, "copy": pycopy.Module,
		"csv": pycsv.Module, "datetime": pydatetime.Module, "hashlib": pyhashlib.Module,
		"hmac": pyhmac.Module, "io": pyio.Module, "itertools": pyitertools.Module,
		"json": pyjson.Module, "logging": pylogging.Module, "math": pymath.Module,
		"os": pyos.Module, "os.path": pyos.PathModule, "random": pyrandom.Module, "re": pyre.Module,
		"secrets": pysecrets.Module, "string": pystring.Module, "time": pytime.Module,
		"urllib": pyurllib.Module, "urllib.parse": pyurllib.ParseModule, "uuid": pyuuid.Module,
	} {
		r.Register(name, f)
	}
	r.Unavailable("numpy", "use the random and math modules (random.randint, random.choice) instead of numpy")
	return r
}
