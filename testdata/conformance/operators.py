# Operators with Python semantics.
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2 ** 10, 2 ** -1, (-2) ** 3, 10 / 4, 9 / 3)
print(7.5 // 2, -7.5 % 2, 1e3 // 7, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-9)
print(1 < 2 < 3, 3 > 2 > 2, 1 <= 1 < 2 == 2, "a" < "b" < "c", 1 == 1.0, 1 != 2)
calls = []


def v(x):
    calls.append(x)
    return x


print(v(1) < v(2) < v(0) < v(5), calls)
print(None is None, [] is [], [] == [], 1 is not None, "a" in "abc", 3 not in [1, 2])
x = [1]
y = x
print(x is y, x is not y, True is True, (1, 2) == (1, 2))
print(0 or "default", "" or None, 1 and "yes", 0 and "no", not 0, not [1])
print(6 & 3, 6 | 3, 6 ^ 3, ~5, 1 << 4, 256 >> 2, -1 >> 1)
print("yes" if 3 > 2 else "no", [1, 2] * 2, "ab" * 3, (1,) + (2,))
a = 10
a += 5
a -= 3
a *= 2
a //= 5
a **= 3
a %= 7
print(a)
s = "%d items"
s %= 3
print(s)
f = 1.5
f /= 2
print(f)
flags = 0b1010
flags |= 0b0101
flags &= 0b0110
flags ^= 0b0001
flags <<= 2
flags >>= 1
print(flags)
big = 2 ** 100
print(big, big // 3, big % 1000, -big, big > 1e29)
print(round(10 / 3, 4), int(7 / 2), 3 == 3.0, hash(3) == hash(3.0), 1_000_000)
print(max(1, 2.5), min(-1, -1.5), 5 // 2.0, 5 % 2.0, divmod(5.5, 2))
