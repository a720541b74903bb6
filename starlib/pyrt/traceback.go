package pyrt

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
)

// Sources holds the text of a program's script files, so tracebacks can
// show source lines and keep only script frames.
type Sources struct {
	files map[string][]string
}

// NewSources makes an empty source table.
func NewSources() *Sources { return &Sources{files: map[string][]string{}} }

// Add records the text of a script file under the name its positions use.
func (s *Sources) Add(file, text string) {
	s.files[file] = strings.Split(text, "\n")
}

// Has reports whether file is a script file.
func (s *Sources) Has(file string) bool {
	_, ok := s.files[file]
	return ok
}

// Line returns line n (1-based) of file without surrounding whitespace.
func (s *Sources) Line(file string, n int) string {
	lines := s.files[file]
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// Frame is one script frame of a traceback.
type Frame struct {
	File string // absolute path of the script file
	Line int
	Func string // Python's name: the function, "<module>", "<lambda>"
	Text string // the source line, stripped
}

// ScriptError is an error that escaped a script call (a task, a hook),
// seen the way Python shows it. It implements the engine's user.Traced:
// Message is str(exception) and Traceback the stack lines Locust stores in
// its exceptions table; Format is the whole "Traceback (most recent call
// last)" text for console logs. Unwrap reaches the original error, so
// control-flow signals (StopUser) and cancellation stay visible to
// errors.As / errors.Is.
type ScriptError struct {
	// Err is the error the call returned.
	Err error
	// Exc is the Python exception; nil when the call was cancelled.
	Exc *Error
	// Frames are the script frames, outermost first.
	Frames []Frame
	// Cancelled is the reason when the call was cancelled (thread.Cancel,
	// a step budget, or the user's context).
	Cancelled string
}

// NewScriptError builds the Python view of err. src may be nil (then every
// non-builtin frame is kept and no source lines are shown).
func NewScriptError(err error, src *Sources) *ScriptError {
	se := &ScriptError{Err: err}
	if IsCancellation(err) {
		se.Cancelled = cancelReason(err)
	} else {
		se.Exc, _ = FromError(err)
	}
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		se.Frames = scriptFrames(ee.CallStack, src)
	}
	return se
}

func cancelReason(err error) string {
	msg := err.Error()
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		msg = ee.Msg
	}
	if r, ok := strings.CutPrefix(msg, "Starlark computation cancelled: "); ok {
		return r
	}
	return msg
}

func scriptFrames(stack starlark.CallStack, src *Sources) []Frame {
	var out []Frame
	var raw []string // Starlark function names of out
	for _, fr := range stack {
		file := fr.Pos.Filename()
		if file == "<builtin>" || !fr.Pos.IsValid() {
			continue
		}
		if src != nil && !src.Has(file) {
			continue
		}
		f := Frame{File: file, Line: int(fr.Pos.Line), Func: PythonFuncName(fr.Name)}
		if src != nil {
			f.Text = src.Line(file, f.Line)
		}
		// A block the lowering made of a try or with statement ("f<try 1>")
		// runs inside the frame of its function f, which Python shows once:
		// at the block's line.
		if n := len(out); n > 0 && isBlockOf(fr.Name, raw[n-1]) {
			out, raw = out[:n-1], raw[:n-1]
		}
		out = append(out, f)
		raw = append(raw, fr.Name)
	}
	return out
}

// isBlockOf reports whether block is a block function of fn ("f<try 1>" of
// "f" or of "f<with 2>").
func isBlockOf(block, fn string) bool {
	i := strings.IndexByte(block, '<')
	if i <= 0 && !strings.HasPrefix(block, "<module>") {
		return false
	}
	if strings.HasPrefix(block, "<module>") {
		return fn == "<toplevel>" || strings.HasPrefix(fn, "<module>")
	}
	base := block[:i]
	if j := strings.IndexByte(fn, '<'); j > 0 {
		fn = fn[:j]
	}
	return base == fn
}

// PythonFuncName maps the name of a lowered function to the Python name a
// traceback shows: synthesized blocks such as "task<try>" or
// "MyUser.index<with>" belong to the function they came from.
func PythonFuncName(name string) string {
	switch {
	case name == "<toplevel>" || strings.HasPrefix(name, "<module>"):
		return "<module>"
	case name == "lambda":
		return "<lambda>"
	}
	if i := strings.IndexByte(name, '<'); i > 0 {
		name = name[:i]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// Error is the last line of a Python traceback ("KeyError: 'missing'"),
// or "task cancelled: <reason>".
func (e *ScriptError) Error() string {
	if e.Exc == nil {
		return "task cancelled: " + e.Cancelled
	}
	return e.Exc.Error()
}

// Message is str(exception) as Python prints it.
func (e *ScriptError) Message() string {
	if e.Exc == nil {
		return "task cancelled: " + e.Cancelled
	}
	return e.Exc.Message()
}

// Traceback is Python's traceback.format_tb text for the script frames:
//
//	File "/abs/locustfile.py", line 17, in bad
//	  return data["missing"]
func (e *ScriptError) Traceback() string {
	var b strings.Builder
	for _, f := range e.Frames {
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", f.File, f.Line, f.Func)
		if f.Text != "" {
			fmt.Fprintf(&b, "    %s\n", f.Text)
		}
	}
	return b.String()
}

// Format is the full Python rendering for logs.
func (e *ScriptError) Format() string {
	return "Traceback (most recent call last):\n" + e.Traceback() + e.Error() + "\n"
}

// Unwrap returns the original error.
func (e *ScriptError) Unwrap() error { return e.Err }

// LimitSteps gives the next script call on th a budget of steps (an
// abstract count of interpreter operations, about 170 million a second):
// it resets the thread's step counter, and a call that exceeds the budget is
// cancelled with a reason that names the budget, so an endless loop in a
// task is reported instead of hanging the run. Call it before each task.
func LimitSteps(th *starlark.Thread, steps uint64) {
	th.Steps = 0
	th.SetMaxExecutionSteps(steps)
	th.OnMaxSteps = func(th *starlark.Thread) {
		th.Cancel(fmt.Sprintf("exceeded its budget of %d steps (an endless loop?)", steps))
	}
}
