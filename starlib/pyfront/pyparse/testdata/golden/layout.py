# Comments, blank lines, continuation and indentation with tabs.

x = 1 + \
    2

if x:
	y = 1
	if y:
		z = 2
	else:
		z = 3


def f(a,
      b):  # comment after colon
    # comment in body
    return (a +
            b)

        # comment with deeper indentation


def g():

    pass
  # dedented comment

values = [
    1,  # one
    2,  # two

    3,
]
x = 1; y = 2
if x: pass; pass
total = sum(
    v
    for v in values
)
a = b = \
    c
s = "no newline at end of file"