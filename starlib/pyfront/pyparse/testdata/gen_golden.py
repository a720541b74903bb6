#!/usr/bin/env python3
"""Regenerates the CPython goldens for pyparse's tests (run by hand; go test never needs python3).

For every golden/NAME.py this writes, using the running CPython's own parser:
  golden/NAME.dump  ast.dump(tree) with default options, one line;
  golden/NAME.pos   the positions of all nodes that carry one, as "Type line:col-line:col",
                    sorted, with columns counted in characters from 1 (CPython counts UTF-8
                    bytes from 0, gust counts runes from 1, as go.starlark.net does).

Files whose first line contains "golden: by hand" use syntax this CPython does not have (PEP 701
f-strings need 3.12); their .dump is maintained by hand and their .pos is not produced.

Usage: python3 testdata/gen_golden.py   (from starlib/pyfront/pyparse)
"""
import ast
import io
import pathlib
import sys
import tokenize

HERE = pathlib.Path(__file__).resolve().parent / "golden"


def source_lines(raw: bytes):
    # CPython's offsets are into the UTF-8 form of each line, whatever the file's encoding.
    encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
    text = raw.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.encode("utf-8", "surrogatepass") for line in text.split("\n")]


def positions(tree, lines):
    out = []

    def col(line, off):
        return len(lines[line - 1][:off].decode("utf-8", "surrogatepass")) + 1

    def visit(node, in_fstring, field_value=False):
        # CPython 3.11 gives the literal parts and fields of an f-string the span of the whole
        # string; only the expressions inside the fields have their own positions.
        # A tuple that is the whole expression of a field gets the braces in its span.
        skip = in_fstring and isinstance(node, (ast.Constant, ast.FormattedValue, ast.JoinedStr))
        skip = skip or (field_value and isinstance(node, ast.Tuple))
        if hasattr(node, "lineno") and not skip:
            out.append("%s %d:%d-%d:%d" % (
                type(node).__name__, node.lineno, col(node.lineno, node.col_offset),
                node.end_lineno, col(node.end_lineno, node.end_col_offset)))
        for name, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, ast.AST):
                    inner = in_fstring or isinstance(node, ast.JoinedStr)
                    is_value = isinstance(node, ast.FormattedValue) and name == "value"
                    if is_value:
                        inner = False
                    visit(child, inner, is_value)

    visit(tree, False)
    return sorted(out)


def main():
    for path in sorted(HERE.glob("*.py")):
        raw = path.read_bytes()
        first = raw.split(b"\n", 1)[0]
        if b"golden: by hand" in first:
            continue
        tree = ast.parse(raw, str(path))
        path.with_suffix(".dump").write_text(ast.dump(tree) + "\n", encoding="utf-8")
        path.with_suffix(".pos").write_text(
            "\n".join(positions(tree, source_lines(raw))) + "\n", encoding="utf-8")
        print("wrote", path.stem, file=sys.stderr)


if __name__ == "__main__":
    main()
