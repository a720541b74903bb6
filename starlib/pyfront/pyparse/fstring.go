package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// strBuilder assembles the parts of a JoinedStr the way CPython does: adjacent literal text
// merged into one Constant, empty literals dropped.
type strBuilder struct {
	values   []pyast.Expr
	lit      []byte
	litSpan  pyast.Span
	hasLit   bool
	litEmpty bool
}

func (b *strBuilder) addLit(s string, start, end pyast.Pos) {
	if !b.hasLit {
		b.hasLit = true
		b.litSpan.StartPos = start
		b.lit = b.lit[:0]
	}
	b.lit = append(b.lit, s...)
	b.litSpan.EndPos = end
}

func (b *strBuilder) flush() {
	if b.hasLit && len(b.lit) > 0 {
		b.values = append(b.values, &pyast.Constant{Span: b.litSpan, Value: string(b.lit)})
	}
	b.hasLit = false
}

func (b *strBuilder) addField(fv *pyast.FormattedValue) {
	b.flush()
	b.values = append(b.values, fv)
}

func (b *strBuilder) finish(span pyast.Span) *pyast.JoinedStr {
	b.flush()
	return &pyast.JoinedStr{Span: span, Values: b.values}
}

// strings parses adjacent string literals, which Python concatenates: a Constant when all
// are plain (str or bytes, never both), a JoinedStr when any is an f-string.
func (p *parser) strings() pyast.Expr {
	first := p.tok()
	start := first.pos
	var b strBuilder
	isF, isBytes := false, false
	for n := 0; p.is(tString) || p.is(tFStringStart); n++ {
		t := p.tok()
		_, bytesLit := t.val.(pyast.Bytes)
		if t.kind == tFStringStart {
			bytesLit = false
		}
		if n == 0 {
			isBytes = bytesLit
		} else if bytesLit != isBytes {
			p.failAt(start, "cannot mix bytes and nonbytes literals")
		}
		if t.kind == tString {
			p.literal()
			switch v := t.val.(type) {
			case string:
				b.addLit(v, t.pos, t.end)
			case pyast.Bytes:
				b.addLit(string(v), t.pos, t.end)
			}
			continue
		}
		isF = true
		p.fstring(&b)
	}
	span := p.span(start)
	if isF {
		return b.finish(span)
	}
	c := &pyast.Constant{Span: span}
	if first.uPrefix {
		c.Kind = "u"
	}
	if isBytes {
		c.Value = pyast.Bytes(b.lit)
	} else {
		c.Value = string(b.lit)
	}
	return c
}

// fstring parses one f-string from its start token to its end token into b.
func (p *parser) fstring(b *strBuilder) {
	p.next()
	for {
		t := p.tok()
		switch t.kind {
		case tFStringMiddle:
			p.literal()
			b.addLit(t.val.(string), t.pos, t.end)
		case tLBrace:
			p.replacementField(b)
		case tFStringEnd:
			p.next()
			return
		default:
			p.unexpected()
		}
	}
}

// replacementField parses "{expr[=][!conv][:spec]}" and adds it to b; the text of a "{expr=}"
// goes into b's literal text first, as CPython does.
func (p *parser) replacementField(b *strBuilder) {
	lbrace := p.next()
	switch k := p.tok().kind; k {
	case tRBrace, tExclamation, tColon, tEqual:
		p.failAt(p.tok().pos, "f-string: valid expression required before '%s'", tokenText(k))
	}
	fv := &pyast.FormattedValue{Conversion: pyast.ConvNone}
	if p.is(tYield) {
		fv.Value = p.yieldExpr()
	} else {
		fv.Value = p.starExpressions()
	}
	if eq, ok := p.accept(tEqual); ok {
		after := p.tok()
		fv.DebugText = string(p.src[lbrace.endOff:after.off])
		b.addLit(fv.DebugText, lbrace.end, eq.end)
	}
	if excl, ok := p.accept(tExclamation); ok {
		t := p.tok()
		switch {
		case t.kind != tName && (t.kind == tRBrace || t.kind == tColon):
			p.failAt(t.pos, "f-string: missing conversion character")
		case t.pos != excl.end:
			p.failAt(t.pos, "f-string: conversion type must come right after the exclamation mark")
		case t.kind != tName:
			p.failAt(t.pos, "f-string: invalid conversion character: expected 's', 'r', or 'a'")
		case t.text != "s" && t.text != "r" && t.text != "a":
			p.failAt(t.pos, "f-string: invalid conversion character '%s': expected 's', 'r', or 'a'", t.text)
		}
		fv.Conversion = int(t.text[0])
		p.next()
	}
	if colon := p.tok(); colon.kind == tColon && colon.specOpen {
		p.next()
		var sb strBuilder
		specStart := p.tok().pos
		for !p.is(tRBrace) {
			t := p.tok()
			switch t.kind {
			case tFStringMiddle:
				p.literal()
				sb.addLit(t.val.(string), t.pos, t.end)
			case tLBrace:
				p.replacementField(&sb)
			default:
				p.unexpected()
			}
		}
		fv.FormatSpec = sb.finish(pyast.Span{StartPos: specStart, EndPos: p.tok().pos})
	}
	if !p.is(tRBrace) {
		p.failAt(p.tok().pos, "f-string: expecting '}'")
	}
	p.next()
	if fv.DebugText != "" && fv.Conversion == pyast.ConvNone && fv.FormatSpec == nil {
		fv.Conversion = pyast.ConvRepr
	}
	fv.Span = p.span(lbrace.pos)
	b.addField(fv)
}

// tokenText spells the punctuation that can follow an empty replacement field.
func tokenText(k tokKind) string {
	switch k {
	case tExclamation:
		return "!"
	case tColon:
		return ":"
	case tEqual:
		return "="
	}
	return "}"
}
