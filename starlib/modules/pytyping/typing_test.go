package pytyping

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestInertNames(t *testing.T) {
	env := modtest.TestEnv(t.TempDir())
	out, err := modtest.Run(env, modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		return starlark.StringDict{"typing": m}, err
	}}, `
T = typing.TypeVar("T")
UserId = typing.NewType("UserId", int)
x = typing.Dict[str, typing.List[typing.Optional[int]]]
y = typing.Union[int, str]
p(typing.cast(typing.List[int], [1]), UserId(5), typing.TYPE_CHECKING, typing.overload(len) == len, typing.get_type_hints(p))
p(typing.Callable[[int], str], typing.Any, T)
`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[1] 5 False True {}\ntyping.Callable typing.Any typing.T\n"; out != want {
		t.Fatalf("got %q want %q", out, want)
	}
}
