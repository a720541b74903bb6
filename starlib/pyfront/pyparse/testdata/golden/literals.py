0
00
0_0
7
1_000_000
0xFF
0Xff_ff
0x_1
0o17
0O7_7
0b1010
0B_1_0
9223372036854775807
9223372036854775808
0x8000000000000000
123456789012345678901234567890
-9223372036854775808
1.
.5
1.5
1e3
1E-3
1e+3
1.5e10
1_0.2_5e1_0
0.0001
0.00001
1e16
1e15
1234567890123456.0
12345678901234567.0
1e999
1e-999
09.5
0e0
3.141592653589793
0.1
1if x else 2
[0x1for x in y]
1 .real
"double"
'single'
"it's"
'say "hi"'
'both \' and "'
""
''
"""triple double"""
'''triple single'''
"""multi
line
string"""
'''with "quotes" and 'quotes' inside'''
"a" "b"
"a" 'b' """c"""
("implicit "
 "concatenation "
 "across lines")
u"unicode"
U"unicode"
u"a" "b"
"a" u"b"
r"raw \n \t \\ \""
R'raw'
r"\"" 
r'\''
b"bytes"
B'bytes'
b"\x00\xff\n\t\\"
b"\777"
b"\N{not an escape in bytes}"
b"\u1234 stays"
rb"raw \x00"
Rb"raw"
bR"raw"
BR"raw"
br'raw'
b"a" b"b"
"\a\b\f\n\r\t\v\\\'\""
"\0 \7 \12 \123 \777"
"\x41\x7e\x7F\xff"
"\u00e9\u20ac\uFFFF"
"\U0001F600\U00000041"
"\ud800 lone surrogate"
"\q unknown escape kept"
"\
continued"
"tab	inside"
"é unicode ü"
"\u00a0 nbsp \u200b zwsp \x7f del"
f"plain f-string"
F"upper"
f"{x}"
f"{x!r}"
f"{x!s}"
f"{x!a}"
f"{x:>10}"
f"{x!r:^20}"
f"{x:{width}}"
f"{x:{width}.{precision}f}"
f"{x:>{w}}"
f"{{literal braces}}"
f"{{{x}}}"
f"a{x}b{y}c"
f"{x}{y}"
f"{x=}"
f"{x = }"
f"{x=!s}"
f"{x=:>5}"
f"{x=!r:^5}"
f"a{x=}"
f"{a.b[0]()}"
f"{a + b * c}"
f"{'nested'}"
f"{x if y else z}"
f"{(lambda: 1)()}"
f"{[1, 2][0]}"
f"{ {'a': 1}['a'] }"
f"{x!r}" "plain" f"{y}"
"plain" f"{x}"
f"{x}" "plain"
f"" ""
"a" f""
f"{x:}"
f"{x:{{}}}"
rf"\n{x}\n"
fr"{x}\d"
Rf"{x}"
fR"{x}"
f"\n{x}\t"
f"\x41{x}"
f'''triple {x}
second line {y!r}'''
f"{x}" f'{y}' f"""{z}"""
f"{3.14:.2f}"
f"{1_000:,}"
f"{x:%Y-%m-%d}"
f"{x,}"
f"{x, y}"
f"{*a, b}"
f"{yield}"
f"{x:=10}"
f"{x!r:=^10}"
f"{(x:=10)}"
f"{x:a{y}b{z}c}"
True
False
None
...
