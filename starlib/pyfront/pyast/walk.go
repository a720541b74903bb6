package pyast

// Visitor's Visit is called for each node Walk meets. If it returns a non-nil Visitor w, Walk
// visits the node's children with w and then calls w.Visit(nil) (the go/ast convention).
type Visitor interface {
	Visit(n Node) (w Visitor)
}

// Walk traverses the tree rooted at n depth-first. Children are visited in source order (so
// decorators before the parameters of a def, a dict's keys interleaved with its values),
// which is the order a pass that stamps positions or reports the first error wants; the one
// exception is that the positional arguments of a call or class header come before its
// keyword arguments, because the tree stores them apart as CPython does. Nil children (a
// missing default, a bare return) are skipped.
func Walk(v Visitor, n Node) {
	if n == nil || isNilNode(n) {
		return
	}
	if v = v.Visit(n); v == nil {
		return
	}
	walkChildren(v, n)
	v.Visit(nil)
}

type inspector func(Node) bool

func (f inspector) Visit(n Node) Visitor {
	if n != nil && f(n) {
		return f
	}
	return nil
}

// Inspect calls f for each node of the tree rooted at n, in the order of Walk; when f returns
// false the node's children are skipped.
func Inspect(n Node, f func(Node) bool) {
	Walk(inspector(f), n)
}

// isNilNode reports a typed nil inside a non-nil interface, which optional pointer fields such
// as *Annotation or *JoinedStr produce when they are passed on as Node.
func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Annotation:
		return x == nil
	case *JoinedStr:
		return x == nil
	case *Arg:
		return x == nil
	case *Arguments:
		return x == nil
	case *Name:
		return x == nil
	}
	return false
}

func walkList[T Node](v Visitor, list []T) {
	for _, x := range list {
		Walk(v, x)
	}
}

func walkOpt(v Visitor, n Node) {
	if n != nil {
		Walk(v, n)
	}
}

func walkChildren(v Visitor, n Node) {
	switch n := n.(type) {
	case *Module:
		walkList(v, n.Body)
	case *Annotation:
		Walk(v, n.X)
	case *Decorator:
		Walk(v, n.X)
	case *FunctionDef:
		walkList(v, n.Decorators)
		Walk(v, n.Args)
		if n.Returns != nil {
			Walk(v, n.Returns)
		}
		walkList(v, n.Body)
	case *ClassDef:
		walkList(v, n.Decorators)
		walkList(v, n.Bases)
		walkList(v, n.Keywords)
		walkList(v, n.Body)
	case *Return:
		walkOpt(v, n.Value)
	case *Delete:
		walkList(v, n.Targets)
	case *Assign:
		walkList(v, n.Targets)
		Walk(v, n.Value)
	case *AugAssign:
		Walk(v, n.Target)
		Walk(v, n.Value)
	case *AnnAssign:
		Walk(v, n.Target)
		Walk(v, n.Annotation)
		walkOpt(v, n.Value)
	case *For:
		Walk(v, n.Target)
		Walk(v, n.Iter)
		walkList(v, n.Body)
		walkList(v, n.OrElse)
	case *While:
		Walk(v, n.Test)
		walkList(v, n.Body)
		walkList(v, n.OrElse)
	case *If:
		Walk(v, n.Test)
		walkList(v, n.Body)
		walkList(v, n.OrElse)
	case *With:
		walkList(v, n.Items)
		walkList(v, n.Body)
	case *WithItem:
		Walk(v, n.Context)
		walkOpt(v, n.OptionalVars)
	case *Raise:
		walkOpt(v, n.Exc)
		walkOpt(v, n.Cause)
	case *Try:
		walkList(v, n.Body)
		walkList(v, n.Handlers)
		walkList(v, n.OrElse)
		walkList(v, n.FinalBody)
	case *ExceptHandler:
		walkOpt(v, n.Type)
		walkList(v, n.Body)
	case *Assert:
		Walk(v, n.Test)
		walkOpt(v, n.Msg)
	case *Import:
		walkList(v, n.Names)
	case *ImportFrom:
		walkList(v, n.Names)
	case *ExprStmt:
		Walk(v, n.Value)
	case *Alias, *Global, *Nonlocal, *Pass, *Break, *Continue, *Name, *Constant:
		// leaves
	case *Arguments:
		walkList(v, n.PosOnly)
		walkList(v, n.Args)
		if n.Vararg != nil {
			Walk(v, n.Vararg)
		}
		walkList(v, n.KwOnly)
		if n.Kwarg != nil {
			Walk(v, n.Kwarg)
		}
	case *Arg:
		if n.Annotation != nil {
			Walk(v, n.Annotation)
		}
		walkOpt(v, n.Default)
	case *Keyword:
		Walk(v, n.Value)
	case *BoolOp:
		walkList(v, n.Values)
	case *NamedExpr:
		Walk(v, n.Target)
		Walk(v, n.Value)
	case *BinOp:
		Walk(v, n.Left)
		Walk(v, n.Right)
	case *UnaryOp:
		Walk(v, n.Operand)
	case *Lambda:
		Walk(v, n.Args)
		Walk(v, n.Body)
	case *IfExp:
		Walk(v, n.Body)
		Walk(v, n.Test)
		Walk(v, n.OrElse)
	case *Dict:
		walkList(v, n.Items)
	case *DictItem:
		walkOpt(v, n.Key)
		Walk(v, n.Value)
	case *Set:
		walkList(v, n.Elts)
	case *Comprehension:
		Walk(v, n.Target)
		Walk(v, n.Iter)
		walkList(v, n.Ifs)
	case *ListComp:
		Walk(v, n.Elt)
		walkList(v, n.Generators)
	case *SetComp:
		Walk(v, n.Elt)
		walkList(v, n.Generators)
	case *DictComp:
		Walk(v, n.Key)
		Walk(v, n.Value)
		walkList(v, n.Generators)
	case *GeneratorExp:
		Walk(v, n.Elt)
		walkList(v, n.Generators)
	case *Await:
		Walk(v, n.Value)
	case *Yield:
		walkOpt(v, n.Value)
	case *YieldFrom:
		Walk(v, n.Value)
	case *Compare:
		Walk(v, n.Left)
		walkList(v, n.Comparators)
	case *Call:
		Walk(v, n.Func)
		walkList(v, n.Args)
		walkList(v, n.Keywords)
	case *FormattedValue:
		Walk(v, n.Value)
		if n.FormatSpec != nil {
			Walk(v, n.FormatSpec)
		}
	case *JoinedStr:
		walkList(v, n.Values)
	case *Attribute:
		Walk(v, n.Value)
	case *Subscript:
		Walk(v, n.Value)
		Walk(v, n.Slice)
	case *Starred:
		Walk(v, n.Value)
	case *List:
		walkList(v, n.Elts)
	case *Tuple:
		walkList(v, n.Elts)
	case *Slice:
		walkOpt(v, n.Lower)
		walkOpt(v, n.Upper)
		walkOpt(v, n.Step)
	}
}
