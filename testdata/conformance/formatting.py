# f-strings, str.format and % formatting with Python's format mini-language.
pi = 3.14159265
n = 1234567
name = "gust"
print(f"{pi:.2f} {pi:10.3f}| {pi:<10.1f}| {pi:^10.2e}| {pi:+.0f}")
print(f"{n:,} {n:_} {n:>12,} {n:x} {n:#o} {n:b} {255:#X} {n:e}")
print(f"{0.256:.1%} {1/3:.3} {100.0:g} {1e-7:g} {123456789.0:g} {5:03d} {-5:05d}")
print(f"{name!r} {name!s:>8}| {name:*^10} {name[1:]} {len(name)=}")
width, prec = 10, 3
print(f"[{pi:{width}.{prec}f}] [{name:>{width}}]")
print(f"{'nested'} {3 + 4} {[1, 2][0]} {({'k': 'v'})['k']} {'yes' if n > 0 else 'no'}")
d = {"a": 1}
print(f"{d['a']} {d} {[1, 'x']} {None} {True} {True:d} {False:>6}")
x = 12.5
print(f"{x=} {x = :.1f} {name=!r}")
print("{} + {} = {}".format(1, 2, 3), "{1}{0}{1}".format("a", "b"), "{name}:{n:,}".format(name="k", n=10000))
print("{:>8.2f}|{:<6}|{:^7}|".format(3.14159, "ab", "mid"), "{0[0]} {0[1]}".format(["x", "y"]))
print("{p[0]} {{literal}} {:d}".format(5, p=[3]), "{!r:>6}".format("q"))
print("%s|%5s|%-5s|%d|%5d|%-5d|%05d" % ("a", "b", "c", 1, 2, 3, 4))
print("%.2f|%8.3f|%e|%g|%x|%X|%o|%c|%%" % (3.14159, 2.5, 1234.5, 0.00001, 255, 255, 8, 65))
print("%(user)s is %(age)d" % {"user": "ann", "age": 33}, "%r" % "x", "%s" % [1, "a"], "%s" % (None,))
print("%+d % d %#x %#o %.3s %*d|%-*d|" % (5, 5, 255, 8, "abcdef", 4, 1, 4, 2))
total = 17
print("done: %d/%d (%.1f%%)" % (total, 20, total / 20 * 100))
print(format(3.5, ".1f"), format(42, "06b"), format("s", ">3"), format(1e21), format(0.1 + 0.2))
