// Package stdlib assembles the Python modules gust provides into one
// registry, with advice for the modules it deliberately does not provide.
// The CLI and the front end use Standard(); Builtins adds the open()
// builtin, which lives with the io module.
package stdlib

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pybase64"
	"github.com/gust-load/gust/starlib/modules/pycollections"
	"github.com/gust-load/gust/starlib/modules/pycopy"
	"github.com/gust-load/gust/starlib/modules/pycsv"
	"github.com/gust-load/gust/starlib/modules/pydataclasses"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/modules/pydotenv"
	"github.com/gust-load/gust/starlib/modules/pyfaker"
	"github.com/gust-load/gust/starlib/modules/pygevent"
	"github.com/gust-load/gust/starlib/modules/pyhashlib"
	"github.com/gust-load/gust/starlib/modules/pyhmac"
	"github.com/gust-load/gust/starlib/modules/pyhttp"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/modules/pyitertools"
	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/modules/pylogging"
	"github.com/gust-load/gust/starlib/modules/pymath"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"github.com/gust-load/gust/starlib/modules/pypathlib"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/modules/pyre"
	"github.com/gust-load/gust/starlib/modules/pysecrets"
	"github.com/gust-load/gust/starlib/modules/pystring"
	"github.com/gust-load/gust/starlib/modules/pysys"
	"github.com/gust-load/gust/starlib/modules/pytime"
	"github.com/gust-load/gust/starlib/modules/pytyping"
	"github.com/gust-load/gust/starlib/modules/pyurllib"
	"github.com/gust-load/gust/starlib/modules/pyuuid"
	"go.starlark.net/starlark"
)

// Factories maps import names to the module factories gust provides.
func Factories() map[string]modules.Factory {
	return map[string]modules.Factory{
		"base64":        pybase64.Module,
		"collections":   pycollections.Module,
		"copy":          pycopy.Module,
		"csv":           pycsv.Module,
		"dataclasses":   pydataclasses.Module,
		"datetime":      pydatetime.Module,
		"dotenv":        pydotenv.Module,
		"faker":         pyfaker.Module,
		"gevent":        pygevent.Module,
		"gevent.monkey": pygevent.MonkeyModule,
		"hashlib":       pyhashlib.Module,
		"hmac":          pyhmac.Module,
		"http":          pyhttp.Module,
		"http.client":   pyhttp.ClientModule,
		"io":            pyio.Module,
		"itertools":     pyitertools.Module,
		"json":          pyjson.Module,
		"logging":       pylogging.Module,
		"math":          pymath.Module,
		"os":            pyos.Module,
		"os.path":       pyos.PathModule,
		"pathlib":       pypathlib.Module,
		"random":        pyrandom.Module,
		"re":            pyre.Module,
		"secrets":       pysecrets.Module,
		"string":        pystring.Module,
		"sys":           pysys.Module,
		"time":          pytime.Module,
		"typing":        pytyping.Module,
		"urllib":        pyurllib.Module,
		"urllib.parse":  pyurllib.ParseModule,
		"uuid":          pyuuid.Module,
	}
}

const (
	concurrency = "every gust user already runs concurrently on its own goroutine; do the work inline in a task and add users (-u) instead of threads or processes"
	network     = "make network calls with self.client in an HttpUser (or FastHttpUser), so gust measures them"
	database    = "gust cannot open database connections from locustfiles; export the data to a CSV or JSON file beside the locustfile and read it with open(), csv or json"
	numeric     = "gust runs plain Python; use the random, math and itertools modules (random.choices, random.gauss, math.*) and built-ins (sum, min, max, sorted)"
	browser     = "gust drives HTTP, not browsers; record the requests the page makes and replay them with self.client"
	files       = "gust only reads files from locustfiles: use open() or pathlib to read, and io.StringIO to build text in memory"
)

// Hints are the modules gust does not provide, each with what to use
// instead. A dotted name without its own entry uses its parent's.
func Hints() map[string]string {
	return map[string]string{
		"numpy": numeric, "pandas": numeric, "scipy": numeric, "statistics": numeric,
		"threading":          concurrency,
		"multiprocessing":    concurrency,
		"concurrent":         concurrency,
		"asyncio":            concurrency,
		"greenlet":           concurrency,
		"queue":              "use collections.deque, which gust makes safe to share between users (append/popleft)",
		"gevent.pool":        concurrency,
		"gevent.lock":        "gust users share module-level containers safely without locks; for one-at-a-time work keep state in a collections.deque",
		"gevent.queue":       "use collections.deque, which gust makes safe to share between users",
		"gevent.event":       concurrency,
		"subprocess":         "locustfiles cannot start processes in gust; prepare data before the run and read it with open()",
		"signal":             "gust handles signals itself (Ctrl-C stops the run)",
		"socket":             network,
		"ssl":                network,
		"select":             network,
		"http.server":        network,
		"http.cookiejar":     "self.client keeps cookies per user (self.client.cookies)",
		"urllib.request":     network,
		"urllib3":            network,
		"requests":           "use self.client in an HttpUser: it takes the same arguments as a requests.Session and its responses behave like requests' (exceptions under locust.exception)",
		"httpx":              network,
		"aiohttp":            network,
		"websocket":          "gust does not provide WebSocket clients yet; load-test the HTTP endpoints with self.client",
		"websockets":         "gust does not provide WebSocket clients yet; load-test the HTTP endpoints with self.client",
		"grpc":               "gust does not speak gRPC; load-test an HTTP/JSON gateway with self.client, or use Locust for gRPC users",
		"paho":               "gust does not speak MQTT; use Locust with paho-mqtt for MQTT users",
		"kafka":              "gust does not produce to Kafka; use Locust with a Kafka client for those users",
		"confluent_kafka":    "gust does not produce to Kafka; use Locust with a Kafka client for those users",
		"psycopg2":           database,
		"psycopg":            database,
		"pymysql":            database,
		"mysql":              database,
		"sqlite3":            database,
		"sqlalchemy":         database,
		"pymongo":            database,
		"redis":              database,
		"boto3":              "gust cannot call cloud SDKs; fetch what you need before the run and read it from a file",
		"selenium":           browser,
		"playwright":         browser,
		"locust_plugins":     "locust_plugins is not available; gust's locust module covers users, tasks, wait times, events and shapes (constant_total_ips/pacing: use constant_pacing or constant_throughput); CSV readers: use csv.DictReader with itertools.cycle",
		"yaml":               "YAML is not available; convert the file to JSON and use the json module",
		"toml":               "TOML is not available; convert the file to JSON and use the json module",
		"tomllib":            "TOML is not available; convert the file to JSON and use the json module",
		"pickle":             "store data as JSON and use the json module",
		"shelve":             "store data as JSON and use the json module",
		"shutil":             files,
		"tempfile":           files,
		"glob":               "use pathlib.Path(...).glob(pattern)",
		"abc":                "write a plain class; abstract methods can raise NotImplementedError",
		"typing_extensions":  "use the typing module (annotations are ignored)",
		"importlib":          "import modules with import statements; Python files beside the locustfile can be imported",
		"inspect":            "introspection is tied to CPython's internals",
		"ctypes":             "ctypes is tied to CPython's internals",
		"gc":                 "garbage collection is Go's; remove the call",
		"functools":          "functools is not available yet; write the helper inline (a dict works as a cache)",
		"operator":           "operator is not available yet; use a lambda (key=lambda x: x[1])",
		"decimal":            "decimal is not available; use integers of the smallest unit (cents) or round() on floats",
		"fractions":          "fractions is not available; use integers or floats",
		"zlib":               "compression is not available from locustfiles",
		"gzip":               "compression is not available from locustfiles; self.client decompresses responses",
		"xml":                "XML parsing is not available; use re for simple extraction or request JSON",
		"html":               "HTML parsing is not available; use re for simple extraction (csrf tokens, links)",
		"bs4":                "BeautifulSoup is not available; use re for simple extraction (csrf tokens, links)",
		"lxml":               "lxml is not available; use re for simple extraction or request JSON",
		"jwt":                "PyJWT is not available; build tokens with base64, hmac and json, or fetch them from the auth endpoint",
		"pyotp":              "pyotp is not available; compute codes with hmac, base64 and time if you must",
		"struct":             "struct is not available; build bytes with bytes literals and int.to_bytes",
		"zoneinfo":           "only fixed-offset time zones exist in gust: use datetime.timezone(datetime.timedelta(hours=...))",
		"pytz":               "only fixed-offset time zones exist in gust: use datetime.timezone(datetime.timedelta(hours=...))",
		"dateutil":           "use datetime.datetime.strptime / fromisoformat and datetime.timedelta",
		"unittest":           "tests of the locustfile are not run by gust",
		"pytest":             "tests of the locustfile are not run by gust",
		"argparse":           "gust parses the command line; add custom options with events.init_command_line_parser",
		"getpass":            "locustfiles cannot read the terminal; use os.environ or a .env file (dotenv)",
		"warnings":           "use the logging module",
		"traceback":          "use logging.exception(...) inside except",
		"contextlib":         "write the with-block's setup and teardown inline, or a class with __enter__/__exit__",
		"enum":               "enum is not available; use module-level constants",
		"heapq":              "heapq is not available; use sorted() or min()/max()",
		"bisect":             "bisect is not available; use sorted() and a loop",
		"array":              "use a list",
		"weakref":            "weak references are tied to CPython's internals",
		"platform":           "use sys.platform",
		"locale":             "locale settings are not available; format with str.format",
		"textwrap":           "textwrap is not available; use str methods",
		"difflib":            "difflib is not available",
		"zipfile":            "zip archives are not available; unpack data files before the run",
		"tarfile":            "tar archives are not available; unpack data files before the run",
		"email":              "the email package is not available; build payloads with json or urllib.parse",
		"smtplib":            network,
		"ftplib":             network,
		"telnetlib":          network,
		"ipaddress":          "ipaddress is not available; treat addresses as strings",
		"mimetypes":          "set Content-Type headers explicitly",
		"codecs":             "use str.encode() and bytes.decode(), or base64",
		"binascii":           "use base64 (base64.b16encode for hex) or bytes.hex()",
		"unicodedata":        "unicodedata is not available",
		"string.templatelib": "use string.Template or str.format",
	}
}

// Standard returns a registry with every module gust provides and advice
// for those it does not.
func Standard() *modules.Registry {
	r := modules.NewRegistry()
	for name, f := range Factories() {
		r.Register(name, f)
	}
	for name, hint := range Hints() {
		r.Unavailable(name, hint)
	}
	return r
}

// Builtins returns the builtins that belong to the modules: open(), which
// reads files relative to the locustfile's folder.
func Builtins(env *modules.Env) starlark.StringDict {
	return starlark.StringDict{"open": pyio.Open(env)}
}
