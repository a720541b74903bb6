// Package pycsv is Python's csv module: reader and DictReader over file
// objects (open()), io.StringIO, lists of lines or any iterable of
// strings, and writer and DictWriter to objects with a write method
// (io.StringIO). Readers are lazy, thread-safe iterators: a module-level
// csv.reader(open("users.csv")) can hand rows to every user with next().
//
// Script-level API:
//
//	csv.reader(csvfile, dialect='excel', **fmtparams) → iterator of lists, .line_num
//	csv.DictReader(f, fieldnames=None, restkey=None, restval=None, dialect='excel', **fmtparams)
//	  → iterator of dicts, .fieldnames, .line_num
//	csv.writer(f, dialect='excel', **fmtparams): writerow(row), writerows(rows)
//	csv.DictWriter(f, fieldnames, restval='', extrasaction='raise', dialect='excel', **fmtparams):
//	  writeheader(), writerow(d), writerows(ds)
//	fmtparams: delimiter, quotechar, escapechar, doublequote, skipinitialspace,
//	  lineterminator, quoting, strict
//	csv.QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE, csv.Error
package pycsv

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Quoting modes.
const (
	QuoteMinimal = iota
	QuoteAll
	QuoteNonNumeric
	QuoteNone
)

// Dialect holds the formatting parameters.
type Dialect struct {
	Delimiter, Quotechar, Escapechar rune // 0: none
	Doublequote, SkipInitialSpace    bool
	Lineterminator                   string
	Quoting                          int
	Strict                           bool
}

func excel() Dialect {
	return Dialect{Delimiter: ',', Quotechar: '"', Doublequote: true, Lineterminator: "\r\n", Quoting: QuoteMinimal}
}

type kit struct{ errCls *pyrt.Class }

func (k *kit) errorf(format string, args ...any) error {
	return pyrt.NewError(k.errCls, fmt.Sprintf(format, args...))
}

func charArg(v starlark.Value, name string, allowNone bool) (rune, error) {
	if v == starlark.None && allowNone {
		return 0, nil
	}
	s, ok := v.(starlark.String)
	if !ok || len([]rune(string(s))) != 1 {
		if !ok {
			return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("\"%s\" must be a 1-character string", name))
		}
		return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("\"%s\" must be a 1-character string", name))
	}
	return []rune(string(s))[0], nil
}

// dialectArgs reads dialect= and the formatting keywords; other keywords
// are returned for the caller.
func dialectArgs(kw []starlark.Tuple, dialect starlark.Value) (Dialect, []starlark.Tuple, error) {
	d := excel()
	if s, ok := dialect.(starlark.String); ok {
		switch s {
		case "excel":
		case "excel-tab":
			d.Delimiter = '\t'
		case "unix":
			d.Lineterminator, d.Quoting = "\n", QuoteAll
		default:
			return d, nil, pyrt.NewError(pyrt.Exception, "unknown dialect")
		}
	}
	var rest []starlark.Tuple
	for _, kv := range kw {
		v := kv[1]
		var err error
		switch k := string(kv[0].(starlark.String)); k {
		case "delimiter":
			d.Delimiter, err = charArg(v, k, false)
		case "quotechar":
			d.Quotechar, err = charArg(v, k, true)
		case "escapechar":
			d.Escapechar, err = charArg(v, k, true)
		case "doublequote":
			d.Doublequote = bool(v.Truth())
		case "skipinitialspace":
			d.SkipInitialSpace = bool(v.Truth())
		case "strict":
			d.Strict = bool(v.Truth())
		case "lineterminator":
			s, ok := v.(starlark.String)
			if !ok {
				err = pyrt.NewError(pyrt.TypeError, "\"lineterminator\" must be a string")
			}
			d.Lineterminator = string(s)
		case "quoting":
			var n int64
			n, err = modules.Int(v, "quoting")
			if err == nil && (n < 0 || n > 3) {
				err = pyrt.NewError(pyrt.TypeError, "bad \"quoting\" value")
			}
			d.Quoting = int(n)
		default:
			rest = append(rest, kv)
		}
		if err != nil {
			return d, nil, err
		}
	}
	return d, rest, nil
}

// lineSource yields the input's lines.
type lineSource func(th *starlark.Thread) (string, bool, error)

func linesOf(th *starlark.Thread, v starlark.Value) (lineSource, error) {
	str := func(x starlark.Value) (string, error) {
		s, ok := x.(starlark.String)
		if !ok {
			return "", pyrt.NewError(pyrt.Exception, fmt.Sprintf("iterator should return strings, not %s (the file should be opened in text mode)", modules.TypeName(x)))
		}
		return string(s), nil
	}
	if n, ok := v.(modules.Nexter); ok {
		return func(th *starlark.Thread) (string, bool, error) {
			x, ok, err := n.NextValue(th)
			if err != nil || !ok {
				return "", false, err
			}
			s, err := str(x)
			return s, err == nil, err
		}, nil
	}
	items, err := modules.Elements(th, v)
	if err != nil {
		return nil, pyrt.NewError(pyrt.TypeError, "argument 1 must be an iterator")
	}
	i := 0
	return func(*starlark.Thread) (string, bool, error) {
		if i >= len(items) {
			return "", false, nil
		}
		i++
		s, err := str(items[i-1])
		return s, err == nil, err
	}, nil
}

type state int

const (
	startRecord state = iota
	startField
	escapedChar
	inField
	inQuotedField
	escapeInQuotedField
	quoteInQuotedField
	eatCRNL
	afterEscapedCRNL
)

const eol = -2

// parser turns lines into rows with CPython's csv state machine.
type parser struct {
	k       *kit
	d       Dialect
	src     lineSource
	lineNum int
	state   state
	field   strings.Builder
	quoted  bool // the current field was quoted (QUOTE_NONNUMERIC)
	fields  []starlark.Value
}

func (p *parser) save() error {
	s := p.field.String()
	p.field.Reset()
	if p.d.Quoting == QuoteNonNumeric && !p.quoted && s != "" {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return pyrt.NewError(pyrt.ValueError, fmt.Sprintf("could not convert string to float: %s", pyrt.QuoteString(s)))
		}
		p.fields = append(p.fields, starlark.Float(f))
	} else {
		p.fields = append(p.fields, starlark.String(s))
	}
	p.quoted = false
	return nil
}

func (p *parser) process(c rune) error {
	d := &p.d
	isNL := c == '\n' || c == '\r'
	switch p.state {
	case startRecord:
		if c == eol {
			return nil
		}
		if isNL {
			p.state = eatCRNL
			return nil
		}
		p.state = startField
		fallthrough
	case startField:
		switch {
		case isNL || c == eol:
			if err := p.save(); err != nil {
				return err
			}
			p.state = eatCRNL
			if c == eol {
				p.state = startRecord
			}
		case c == d.Quotechar && d.Quotechar != 0 && d.Quoting != QuoteNone:
			p.quoted = true
			p.state = inQuotedField
		case c == d.Escapechar && d.Escapechar != 0:
			p.state = escapedChar
		case c == ' ' && d.SkipInitialSpace:
		case c == d.Delimiter:
			return p.save()
		default:
			p.field.WriteRune(c)
			p.state = inField
		}
	case escapedChar:
		if c == eol {
			c = '\n'
		}
		p.field.WriteRune(c)
		p.state = inField
		if isNL {
			p.state = afterEscapedCRNL
		}
	case afterEscapedCRNL:
		if c == eol {
			return nil
		}
		p.state = inField
		return p.process(c)
	case inField:
		switch {
		case isNL || c == eol:
			if err := p.save(); err != nil {
				return err
			}
			p.state = eatCRNL
			if c == eol {
				p.state = startRecord
			}
		case c == d.Escapechar && d.Escapechar != 0:
			p.state = escapedChar
		case c == d.Delimiter:
			if err := p.save(); err != nil {
				return err
			}
			p.state = startField
		default:
			p.field.WriteRune(c)
		}
	case inQuotedField:
		switch {
		case c == eol:
		case c == d.Escapechar && d.Escapechar != 0:
			p.state = escapeInQuotedField
		case c == d.Quotechar && d.Quoting != QuoteNone:
			if d.Doublequote {
				p.state = quoteInQuotedField
			} else {
				p.state = inField
			}
		default:
			p.field.WriteRune(c)
		}
	case escapeInQuotedField:
		if c == eol {
			c = '\n'
		}
		p.field.WriteRune(c)
		p.state = inQuotedField
	case quoteInQuotedField:
		switch {
		case d.Quoting != QuoteNone && c == d.Quotechar:
			p.field.WriteRune(c)
			p.state = inQuotedField
		case c == d.Delimiter:
			if err := p.save(); err != nil {
				return err
			}
			p.state = startField
		case isNL || c == eol:
			if err := p.save(); err != nil {
				return err
			}
			p.state = eatCRNL
			if c == eol {
				p.state = startRecord
			}
		case !d.Strict:
			p.field.WriteRune(c)
			p.state = inField
		default:
			return p.k.errorf("'%c' expected after '%c'", d.Delimiter, d.Quotechar)
		}
	case eatCRNL:
		switch {
		case isNL:
		case c == eol:
			p.state = startRecord
		default:
			return p.k.errorf("new-line character seen in unquoted field - do you need to open the file with newline=''?")
		}
	}
	return nil
}

// next returns the next row, or ok false at the end of the input.
func (p *parser) next(th *starlark.Thread) (starlark.Value, bool, error) {
	p.fields = nil
	p.state = startRecord
	for {
		line, ok, err := p.src(th)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			if p.field.Len() != 0 || p.state == inQuotedField {
				if p.d.Strict {
					return nil, false, p.k.errorf("unexpected end of data")
				}
				if err := p.save(); err != nil {
					return nil, false, err
				}
			}
			if p.fields == nil {
				return nil, false, nil
			}
			return starlark.NewList(p.fields), true, nil
		}
		p.lineNum++
		for _, c := range line {
			if c == 0 {
				return nil, false, p.k.errorf("line contains NUL")
			}
			if err := p.process(c); err != nil {
				return nil, false, err
			}
		}
		if err := p.process(eol); err != nil {
			return nil, false, err
		}
		if p.state == startRecord {
			if p.fields == nil {
				p.fields = []starlark.Value{}
			}
			return starlark.NewList(p.fields), true, nil
		}
	}
}
