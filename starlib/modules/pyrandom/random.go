// Package pyrandom is Python's random module for locustfiles. Every
// function draws from the calling user's own generator (thread.Rand), so
// users never contend on a lock and a seed makes one user's sequence
// repeatable.
//
// Script-level API:
//
//	random.random(), uniform(a, b), randint(a, b), randrange(start, stop=None, step=1),
//	choice(seq), choices(population, weights=None, *, cum_weights=None, k=1),
//	sample(population, k, *, counts=None), shuffle(list), gauss(mu=0.0, sigma=1.0),
//	normalvariate(mu=0.0, sigma=1.0), lognormvariate(mu, sigma), expovariate(lambd=1.0),
//	triangular(low=0.0, high=1.0, mode=None), betavariate(alpha, beta),
//	paretovariate(alpha), weibullvariate(alpha, beta), getrandbits(k), randbytes(n),
//	seed(a=None)              # reseeds this user's generator
//	random.Random(seed=None)  # an independent generator object with the same methods
//	random.SystemRandom()     # draws from the operating system's CSPRNG
//
// The generator is PCG, not CPython's Mersenne Twister: a seed repeats
// gust's sequence, not CPython's.
package pyrandom

import (
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// source yields the generator a call draws from, and a function to call
// when done (unlocking a shared Random object).
type source func(th *starlark.Thread) (*rand.Rand, func())

func threadSource(th *starlark.Thread) (*rand.Rand, func()) { return thread.Rand(th), func() {} }

type fn func(r *rand.Rand, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

var functions = map[string]fn{
	"random":         fRandom,
	"uniform":        fUniform,
	"randint":        fRandint,
	"randrange":      fRandrange,
	"choice":         fChoice,
	"choices":        fChoices,
	"sample":         fSample,
	"shuffle":        fShuffle,
	"gauss":          fGauss,
	"normalvariate":  fGauss,
	"lognormvariate": fLognorm,
	"expovariate":    fExpo,
	"triangular":     fTriangular,
	"betavariate":    fBeta,
	"paretovariate":  fPareto,
	"weibullvariate": fWeibull,
	"getrandbits":    fGetrandbits,
	"randbytes":      fRandbytes,
}

func wrap(name string, f fn, src source) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		r, done := src(th)
		defer done()
		return f(r, th, b, args, kw)
	})
}

// Module builds the random module.
func Module(*modules.Env) (starlark.Value, error) {
	m := starlark.StringDict{}
	for name, f := range functions {
		m[name] = wrap(name, f, threadSource)
	}
	m["seed"] = starlark.NewBuiltin("seed", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var a starlark.Value = starlark.None
		var version = 2
		if err := starlark.UnpackArgs(b.Name(), args, kw, "a?", &a, "version?", &version); err != nil {
			return nil, err
		}
		r, err := Seeded(a)
		if err != nil {
			return nil, err
		}
		thread.SetRand(th, r)
		return starlark.None, nil
	})
	m["Random"] = starlark.NewBuiltin("Random", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var a starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kw, "x?", &a); err != nil {
			return nil, err
		}
		r, err := Seeded(a)
		if err != nil {
			return nil, err
		}
		return &Random{r: r, name: "Random"}, nil
	})
	m["SystemRandom"] = starlark.NewBuiltin("SystemRandom", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return &Random{r: rand.New(cryptoSource{}), name: "SystemRandom", system: true}, nil
	})
	return modules.NewModule("random", m), nil
}

// cryptoSource reads the operating system's CSPRNG.
type cryptoSource struct{}

func (cryptoSource) Uint64() uint64 {
	var b [8]byte
	_, _ = crand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}

// Seeded returns a generator seeded from a Python seed value: None draws a
// fresh seed from the operating system; ints, floats, strs and bytes are
// hashed, so equal seeds give equal sequences.
func Seeded(a starlark.Value) (*rand.Rand, error) {
	var key []byte
	switch x := a.(type) {
	case starlark.NoneType:
		var b [16]byte
		_, _ = crand.Read(b[:])
		return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:]))), nil
	case starlark.Int:
		key = []byte("i" + x.String())
	case starlark.Bool:
		key = []byte(fmt.Sprintf("i%d", map[bool]int{false: 0, true: 1}[bool(x)]))
	case starlark.Float:
		key = []byte("f" + pyrt.FloatRepr(float64(x)))
	case starlark.String:
		key = []byte("s" + string(x))
	case starlark.Bytes:
		key = []byte("b" + string(x))
	default:
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("The only supported seed types are: None,\nint, float, str, bytes, and bytearray."))
	}
	sum := sha256.Sum256(key)
	return rand.New(rand.NewPCG(binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:16]))), nil
}

// Random is a random.Random object: its own generator, guarded by a lock
// because a module-level instance is shared by every user.
type Random struct {
	mu     sync.Mutex
	r      *rand.Rand
	name   string
	system bool
}

var _ starlark.HasAttrs = (*Random)(nil)

// String is Python's default repr.
func (x *Random) String() string { return fmt.Sprintf("<random.%s object>", x.name) }

// Type returns the class name.
func (x *Random) Type() string { return x.name }

// Freeze does nothing: the object locks itself.
func (x *Random) Freeze() {}

// Truth is true.
func (x *Random) Truth() starlark.Bool { return true }

// Hash is unsupported for simplicity (Python hashes by identity).
func (x *Random) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: %s", x.name) }

func (x *Random) lock(*starlark.Thread) (*rand.Rand, func()) {
	x.mu.Lock()
	return x.r, x.mu.Unlock
}

// Attr returns the generator methods.
func (x *Random) Attr(name string) (starlark.Value, error) {
	if f, ok := functions[name]; ok {
		return wrap(name, f, x.lock), nil
	}
	if name == "seed" {
		return starlark.NewBuiltin("seed", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var a starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kw, "a?", &a); err != nil {
				return nil, err
			}
			if x.system {
				return starlark.None, nil
			}
			r, err := Seeded(a)
			if err != nil {
				return nil, err
			}
			x.mu.Lock()
			x.r = r
			x.mu.Unlock()
			return starlark.None, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", x.name, name))
}

// AttrNames lists the methods.
func (x *Random) AttrNames() []string {
	out := []string{"seed"}
	for k := range functions {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func floatArg(v starlark.Value, name string) (float64, error) {
	f, err := modules.Float(v, name)
	if err != nil {
		return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("must be real number, not %s", modules.TypeName(v)))
	}
	return f, nil
}

func fRandom(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
		return nil, err
	}
	return starlark.Float(r.Float64()), nil
}

func fUniform(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var av, bv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kw, "a", &av, "b", &bv); err != nil {
		return nil, err
	}
	a, err := floatArg(av, "a")
	if err != nil {
		return nil, err
	}
	hi, err := floatArg(bv, "b")
	if err != nil {
		return nil, err
	}
	return starlark.Float(a + (hi-a)*r.Float64()), nil
}

func fGauss(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var muv, sv starlark.Value = starlark.Float(0), starlark.Float(1)
	if err := starlark.UnpackArgs(b.Name(), args, kw, "mu?", &muv, "sigma?", &sv); err != nil {
		return nil, err
	}
	mu, err := floatArg(muv, "mu")
	if err != nil {
		return nil, err
	}
	sigma, err := floatArg(sv, "sigma")
	if err != nil {
		return nil, err
	}
	return starlark.Float(mu + sigma*r.NormFloat64()), nil
}

func fLognorm(r *rand.Rand, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	v, err := fGauss(r, th, b, args, kw)
	if err != nil {
		return nil, err
	}
	return starlark.Float(math.Exp(float64(v.(starlark.Float)))), nil
}

func fExpo(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var lv starlark.Value = starlark.Float(1)
	if err := starlark.UnpackArgs(b.Name(), args, kw, "lambd?", &lv); err != nil {
		return nil, err
	}
	l, err := floatArg(lv, "lambd")
	if err != nil {
		return nil, err
	}
	if l == 0 {
		return nil, pyrt.NewError(pyrt.ZeroDivisionError, "float division by zero")
	}
	return starlark.Float(r.ExpFloat64() / l), nil
}

func fTriangular(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var lov, hiv, modev starlark.Value = starlark.Float(0), starlark.Float(1), starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kw, "low?", &lov, "high?", &hiv, "mode?", &modev); err != nil {
		return nil, err
	}
	low, err := floatArg(lov, "low")
	if err != nil {
		return nil, err
	}
	high, err := floatArg(hiv, "high")
	if err != nil {
		return nil, err
	}
	if high == low {
		return starlark.Float(low), nil
	}
	c := 0.5
	if modev != starlark.None {
		mode, err := floatArg(modev, "mode")
		if err != nil {
			return nil, err
		}
		c = (mode - low) / (high - low)
	}
	u := r.Float64()
	if u > c {
		u, c = 1-u, 1-c
		low, high = high, low
	}
	return starlark.Float(low + (high-low)*math.Sqrt(u*c)), nil
}

func gammaVariate(r *rand.Rand, alpha float64) float64 {
	// Marsaglia and Tsang's method; alpha < 1 boosted.
	if alpha < 1 {
		return gammaVariate(r, alpha+1) * math.Pow(r.Float64(), 1/alpha)
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

func twoFloats(b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (float64, float64, error) {
	var av, bv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kw, "alpha", &av, "beta", &bv); err != nil {
		return 0, 0, err
	}
	a, err := floatArg(av, "alpha")
	if err != nil {
		return 0, 0, err
	}
	c, err := floatArg(bv, "beta")
	return a, c, err
}

func fBeta(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	alpha, beta, err := twoFloats(b, args, kw)
	if err != nil {
		return nil, err
	}
	if alpha <= 0 || beta <= 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "alpha and beta must be > 0.0")
	}
	y := gammaVariate(r, alpha)
	if y == 0 {
		return starlark.Float(0), nil
	}
	return starlark.Float(y / (y + gammaVariate(r, beta))), nil
}

func fWeibull(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	alpha, beta, err := twoFloats(b, args, kw)
	if err != nil {
		return nil, err
	}
	u := 1 - r.Float64()
	return starlark.Float(alpha * math.Pow(-math.Log(u), 1/beta)), nil
}

func fPareto(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var av starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kw, "alpha", &av); err != nil {
		return nil, err
	}
	alpha, err := floatArg(av, "alpha")
	if err != nil {
		return nil, err
	}
	u := 1 - r.Float64()
	return starlark.Float(math.Pow(u, -1/alpha)), nil
}

func fGetrandbits(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var k int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &k); err != nil {
		return nil, err
	}
	if k < 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "number of bits must be non-negative")
	}
	n := starlark.MakeInt(0)
	for done := 0; done < k; done += 32 {
		bits := min(32, k-done)
		chunk := starlark.MakeUint64(uint64(r.Uint32()) >> (32 - bits))
		n = n.Lsh(uint(bits)).Or(chunk)
	}
	return n, nil
}

func fRandbytes(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &n); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "negative argument not allowed")
	}
	buf := make([]byte, n)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	return starlark.Bytes(buf), nil
}
