#!/usr/bin/env python3
"""Regenerates testdata/mutants.tsv: broken variants of the golden corpus with CPython's verdict.

Each mutant is one small edit (delete, insert or replace a character, or indent a line) of a
file in golden/, chosen by a fixed-seed random generator. The line records the edit and what
CPython's parser says about the result: "OK" or "line:col: message". TestMutants in
mutants_test.go applies the same edits and compares gust's parser with that verdict.

Usage: python3 testdata/gen_mutants.py   (from starlib/pyfront/pyparse; go test never needs python3)
"""
import ast
import pathlib
import random
import warnings

HERE = pathlib.Path(__file__).resolve().parent
PER_FILE = 60
CHARS = "()[]{}:,.=+-*/'\"#\\ \n\tabfrx0123@!<>%&|^~;"
# Files whose bytes are not plain UTF-8 with LF line endings: an edit of their text would not
# mean the same thing to both parsers.
# fstring_pep701.py needs Python 3.12 to be judged.
SKIP = {"bom_cookie.py", "latin1_cookie.py", "crlf.py", "cr_only.py", "fstring_pep701.py"}


def escape(c):
    return {"\n": "\\n", "\t": "\\t", "\\": "\\\\"}.get(c, c)


def main():
    warnings.simplefilter("ignore")
    rnd = random.Random(20240611)
    out = []
    for path in sorted((HERE / "golden").glob("*.py")):
        if path.name in SKIP:
            continue
        text = path.read_bytes().decode("utf-8")
        for _ in range(PER_FILE):
            chars = list(text)
            r = rnd.random()
            k = rnd.randrange(len(chars))
            c = rnd.choice(CHARS)
            if r < 0.4:
                op, c = "del", ""
                del chars[k]
            elif r < 0.7:
                op = "ins"
                chars.insert(k, c)
            elif r < 0.85:
                op = "set"
                chars[k] = c
            else:
                op, c = "ind", ""
                lines = text.split("\n")
                k = rnd.randrange(len(lines))
                lines[k] = " " + lines[k]
                chars = list("\n".join(lines))
            # Parse text, not bytes: for bytes without a coding cookie CPython 3.11 reports
            # parser errors at byte offsets, tokenizer errors at character offsets.
            src = "".join(chars)
            try:
                ast.parse(src)
                verdict = "OK"
            except SyntaxError as e:
                verdict = "%s:%s: %s" % (e.lineno, e.offset, e.msg)
            except (ValueError, MemoryError, RecursionError):
                continue
            out.append("\t".join([path.name, op, str(k), escape(c), verdict]))
    (HERE / "mutants.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(len(out), "mutants")


if __name__ == "__main__":
    main()
