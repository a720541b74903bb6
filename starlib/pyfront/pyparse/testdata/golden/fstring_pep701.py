# golden: by hand (PEP 701 f-strings need Python 3.12; CPython 3.11 cannot produce this .dump)
f"{"same quotes"}"
f'{'same quotes'}'
f"{d["key"]}"
f"{f"{f"{x}"}"}"
f"{x:{"<"}10}"
f"{", ".join(names)}"
f"{"\n".join(lines)}"
f"{x!r:>{width}}"
f"{x:{w}.{p}f}"
f"{x:{y:{z}}}"
f"""{
    a +  # a comment inside a field
    b
}"""
f"{x
}"
f"{
    x!r}"
f"""{x
=}"""
f"{x = !s:>{w}}"
f'{"\\"}'
f"{'{'}{'}'}"
f"{{ {x} }}"
f"{x:=10}"
f"{(x:=10)}"
f"{x!=y}"
f"{x==y=}"
