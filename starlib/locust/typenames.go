package locust

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/starlib/pyrt"
)

// typeOnlyNames are Locust classes that locustfiles import only to annotate
// parameters (`environment: Environment`) or to test isinstance: gust makes
// these objects itself, so the names exist and constructing one raises an
// error that says what to do instead.
var typeOnlyNames = map[string][]string{
	"locust.env":              {"Environment"},
	"locust.clients":          {"HttpSession", "ResponseContextManager"},
	"locust.contrib.fasthttp": {"FastHttpSession", "FastResponse", "ResponseContextManager"},
}

// addTypeOnly adds the typeOnlyNames classes to the modules' members.
func addTypeOnly(mods map[string]starlark.StringDict) {
	for mod, names := range typeOnlyNames {
		for _, n := range names {
			mods[mod][n] = typeOnlyClass(mod, n)
		}
	}
}

func typeOnlyClass(module, name string) *pyrt.Class {
	refuse := starlark.NewBuiltin("__init__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, pyrt.NewError(pyrt.RuntimeError, fmt.Sprintf(
			"%s.%s cannot be created in a gust locustfile: gust makes the environment and each user's client itself (use self.environment and self.client)", module, name))
	})
	c := pyrt.MustClass(name, nil, map[string]starlark.Value{"__init__": refuse})
	c.SetModule(module)
	return c
}
