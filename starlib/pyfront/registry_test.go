package pyfront

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pybase64"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/modules/pyhashlib"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/modules/pylogging"
	"github.com/gust-load/gust/starlib/modules/pymath"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/modules/pyre"
	"github.com/gust-load/gust/starlib/modules/pystring"
	"github.com/gust-load/gust/starlib/modules/pytime"
	"github.com/gust-load/gust/starlib/modules/pyuuid"
)

// testRegistry registers the standard modules the modules package provides
// so far, the way the CLI will.
func testRegistry() *modules.Registry {
	r := modules.NewRegistry()
	r.Register("json", pyjson.Module)
	r.Register("random", pyrandom.Module)
	r.Register("time", pytime.Module)
	r.Register("os", pyos.Module)
	r.Register("os.path", pyos.PathModule)
	r.Register("string", pystring.Module)
	r.Register("re", pyre.Module)
	r.Register("math", pymath.Module)
	r.Register("datetime", pydatetime.Module)
	r.Register("uuid", pyuuid.Module)
	r.Register("base64", pybase64.Module)
	r.Register("hashlib", pyhashlib.Module)
	r.Register("logging", pylogging.Module)
	r.Register("io", pyio.Module)
	r.Unavailable("numpy", "use the random module (random.randint, random.choice) instead of numpy")
	return r
}
