# Regenerates format.jsonl and percent.jsonl with CPython (the oracle):
#   cd starlib/pyrt/testdata && python3 gen_format.py
# Each line: [kind, value, spec, expected-or-null, error-class-or-null].
import json

ints = [0, 7, -7, 42, 255, 1234567, -1234567, 10**20]
floats = [0.0, -0.0, 1.0, 0.5, 2.5, 3.14159, -2.71828, 1234567.891, 1e-05, 1.5e16, 123.456e10,
          0.1, 100.0, 9.9999999, 0.000123456, float("inf"), float("-inf"), float("nan")]
strs = ["", "abc", "héllo", "a longer string"]
bools = [True, False]

int_specs = ["", "d", "5d", "<5d", "^7d", "=+8d", "+d", " d", "05d", ",", "_", "08,d", "x", "#x", "X", "#X",
             "o", "#o", "b", "#b", "_b", "c", "10", "*^9", "n", "e", ".2f", "%", "g", "#010x", "-d"]
float_specs = ["", "f", ".2f", "8.3f", "<8.2f", "^10.1f", "+.1f", " .1f", "010.2f", ",.2f", "_.3f",
               "e", ".3e", "E", "g", ".3g", "G", "#g", ".0f", "#.0f", "%", ".1%", "n", ".3", ".10",
               "10", "*>12.4f", "=+12.2f", ".0e", "#.3g", ".1g", "F", "015,.2f"]
str_specs = ["", "s", "10", "<10", ">10", "^10", "*^9", ".2", "8.3s", "x<4"]
bool_specs = ["", "d", "5", ">6", "s"]

def run(kind, vals, specs, out):
    for v in vals:
        for s in specs:
            try:
                r = format(v, s)
                e = None
            except Exception as ex:
                r, e = None, type(ex).__name__
            enc = repr(v) if kind == "float" else v
            out.write(json.dumps([kind, enc, s, r, e], ensure_ascii=False) + "\n")

with open("format.jsonl", "w", encoding="utf-8") as out:
    run("int", ints, int_specs, out)
    run("float", floats, float_specs, out)
    run("str", strs, str_specs, out)
    run("bool", bools, bool_specs, out)

# printf-style: [format, args ({"tuple": [...]} for a tuple), expected, error]
cases = [
    ("%s", "x"), ("%5s|%-5s|", ("ab", "cd")), ("%d", 42), ("%5d", 42), ("%-5d|", 42), ("%05d", -42),
    ("%+d", 5), ("% d", 5), ("%x %X %o", (255, 255, 8)), ("%#x %#o", (255, 8)), ("%.2f", 3.14159),
    ("%8.3f|", 2.5), ("%-8.2f|", 2.5), ("%e", 12345.678), ("%.3e", 0.00012), ("%g", 0.0001),
    ("%g", 123456789.0), ("%G", 1e-10), ("%r", "q"), ("%r", ("a", 1)), ("%c%c", (65, "b")),
    ("%%", ()), ("100%%", ()), ("%(name)s is %(age)d", {"name": "Ann", "age": 7}),
    ("%s and %s", ("a", "b")), ("%s", (1,)), ("%s", [1, 2]), ("%s", {"k": "v"}), ("%d", 3.9),
    ("%.3s", "abcdef"), ("%*d|", (5, 1)), ("%-*d|", (5, 1)), ("%.*f", (2, 3.14159)),
    ("%s %s", ("a",)), ("%s", ("a", "b")), ("%d", "x"), ("%i", 7), ("%5.1f%%", 99.5),
    ("%s", None), ("%s", True), ("%d", True), ("%f", 1), ("%x", 3.0), ("%.0f", 2.5), ("%.0f", 3.5),
]
with open("percent.jsonl", "w", encoding="utf-8") as out:
    for fmt, args in cases:
        try:
            r = fmt % args
            e = None
        except Exception as ex:
            r, e = None, type(ex).__name__
        enc = {"tuple": list(args)} if isinstance(args, tuple) else args
        out.write(json.dumps([fmt, enc, r, e], ensure_ascii=False) + "\n")
