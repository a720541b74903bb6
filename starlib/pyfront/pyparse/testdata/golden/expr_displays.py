()
(1,)
(1, 2)
(1, 2,)
1, 2
1,
[]
[1]
[1, 2,]
[*a, *b, c]
{}
{1: 2}
{1: 2, 3: 4,}
{**a}
{**a, 'b': 1, **c}
{"k": v for k, v in items}
{1}
{1, 2,}
{*a, b}
{x for x in y}
[x for x in y]
[x for x in y if x]
[x for x in y if x if not x]
[x * y for x in a for y in b]
[x for x in a if x for y in x if y]
[(x, y) for x, y in pairs]
[x for x, in pairs]
[x for *a, x in rows]
[x for x in a if b or c]
[x for x in lambda_list]
(x for x in y)
(x for x in y if z)
sum(x for x in y)
sum((x for x in y), 0)
f(x for x in y)(z)
a[1]
a[1:2]
a[1:2:3]
a[:]
a[::]
a[::2]
a[1:]
a[:2]
a[:-1]
a[1, 2]
a[1:2, 3]
a[:, None]
a[1,]
a[()]
a[*b]
a[*b, c]
a[b:c, *d]
a[x:=1]
a[lambda: 1]
a["k"]
f()
f(1)
f(1, 2,)
f(a, *b, c=1, *d, **e, g=2)
f(*args, **kwargs)
f(**a, **b)
f(x=1, *a)
f(a)(b)
f(
    1,
    2,
)
print(f"{x}")
[
    1,
    2
]
{
    'a': 1,
    'b': [1, 2],
}
