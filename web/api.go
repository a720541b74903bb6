package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/user"
)

// uiConfigJSON is GET /ui-config and the websocket "hello" message: what the
// page needs at load.
type uiConfigJSON struct {
	Version            string    `json:"version"`
	Locustfile         string    `json:"locustfile"`
	Host               string    `json:"host"`
	NumUsers           *int      `json:"num_users"`
	SpawnRate          *float64  `json:"spawn_rate"`
	RunTime            *int64    `json:"run_time"`
	State              string    `json:"state"`
	ClassPicker        bool      `json:"class_picker"`
	UserClasses        []string  `json:"user_classes"`
	Tags               []string  `json:"tags"`
	HideCommonOptions  bool      `json:"hide_common_options"`
	IsShape            bool      `json:"is_shape"`
	PercentilesToChart []float64 `json:"percentiles_to_chart"`
	// Profile is the current --profile label, null when none.
	Profile *string `json:"profile"`
	// ExtraOptions are Locust's extra_options: the custom parameters.
	ExtraOptions map[string]extraOptionJSON `json:"extra_options"`
}

// extraOptionJSON is Locust's UIExtraArgOptions.
type extraOptionJSON struct {
	DefaultValue any      `json:"default_value"`
	IsSecret     bool     `json:"is_secret"`
	IsRequired   bool     `json:"is_required"`
	HelpText     *string  `json:"help_text"`
	IsMultiple   bool     `json:"is_multiple"`
	Choices      []string `json:"choices"`
}

func (s *Server) uiConfig() uiConfigJSON {
	c := uiConfigJSON{
		Version:            s.opts.Version,
		Locustfile:         s.opts.Locustfile,
		Host:               s.currentHost(),
		State:              string(s.backend.State()),
		ClassPicker:        s.opts.ClassPicker,
		UserClasses:        append([]string{}, s.opts.UserClasses...),
		Tags:               append([]string{}, s.opts.Tags...),
		HideCommonOptions:  s.opts.HideCommonOptions,
		IsShape:            s.opts.ShapeName != "",
		PercentilesToChart: history.ChartPercentiles(),
		ExtraOptions:       map[string]extraOptionJSON{},
	}
	if p := s.currentProfile(); p != "" {
		c.Profile = &p
	}
	for _, o := range s.opts.ExtraOptions {
		e := extraOptionJSON{DefaultValue: o.Default, IsSecret: o.IsSecret, IsRequired: o.IsRequired, Choices: o.Choices}
		if o.HelpText != "" {
			e.HelpText = &o.HelpText
		}
		c.ExtraOptions[o.Name] = e
	}
	if s.opts.Users > 0 {
		c.NumUsers = &s.opts.Users
	}
	if s.opts.SpawnRate > 0 {
		c.SpawnRate = &s.opts.SpawnRate
	}
	if s.opts.RunTime > 0 {
		sec := int64(s.opts.RunTime / time.Second)
		c.RunTime = &sec
	}
	return c
}

func (s *Server) currentProfile() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile
}

func (s *Server) currentHost() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.host
}

// writeJSON answers with v as JSON. Encoding the server's own types cannot
// fail short of a bug, which then gets a 500 rather than half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	data, err := marshalJSON(v)
	if err != nil {
		http.Error(w, "encode JSON: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeBody(w, status, "application/json", data)
}

// marshalJSON encodes v as Python's json module does as far as bytes go:
// "<", ">" and "&" stay as they are (encoding/json would escape them for
// HTML, which a JSON body does not need).
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func writeBody(w http.ResponseWriter, status int, contentType string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// swarmJSON is the answer of POST /swarm.
type swarmJSON struct {
	Success     bool     `json:"success"`
	Message     string   `json:"message"`
	Host        string   `json:"host"`
	RunTime     *int64   `json:"run_time,omitempty"`
	UserClasses []string `json:"user_classes,omitempty"`
}

// handleSwarm is Locust's POST /swarm: start a test, or re-target the
// running one. Errors answer 200 with success false, as Locust's do, so the
// page can show the message.
func (s *Server) handleSwarm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, swarmJSON{Message: "invalid form: " + err.Error(), Host: s.currentHost()})
		return
	}
	s.ctl.Lock()
	defer s.ctl.Unlock()
	resp, runTime := s.swarm(r)
	if resp.Success && runTime > 0 {
		s.scheduleStopLocked(runTime)
	}
	writeJSON(w, http.StatusOK, resp)
}

// swarm validates the form and starts the backend; s.ctl is held.
func (s *Server) swarm(r *http.Request) (swarmJSON, time.Duration) {
	fail := func(format string, args ...any) (swarmJSON, time.Duration) {
		msg := fmt.Sprintf(format, args...)
		s.log.Error(msg)
		return swarmJSON{Message: msg, Host: s.currentHost()}, 0
	}
	form := r.PostForm
	req := SwarmRequest{Shape: s.opts.ShapeName != ""}
	var userCountGiven bool
	if v, ok := formValue(form, "user_count"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return fail("Invalid user_count %q: it must be a whole number of users, 0 or more", v)
		}
		req.Users, userCountGiven = n, true
	}
	if v, ok := formValue(form, "spawn_rate"); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f != f || f > 1e9 {
			return fail("Invalid spawn_rate %q: it must be a number of users per second", v)
		}
		req.SpawnRate = f
	}
	host := s.currentHost()
	if v, ok := formValue(form, "host"); ok {
		// Locust strips < and > to guard against XSS.
		host = strings.NewReplacer("<", "", ">", "").Replace(v)
	}
	var runTime time.Duration
	if v, ok := formValue(form, "run_time"); ok && v != "" {
		secs, err := parseTimespan(v)
		if err != nil {
			return fail("Valid run_time formats are : 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc.")
		}
		runTime = time.Duration(secs) * time.Second
	}
	req.RunTime = runTime
	if v, ok := formValue(form, "tags"); ok {
		req.Tags = splitList(form["tags"], v)
	}
	idle := isIdle(s.backend.State())
	if s.opts.ClassPicker {
		picked, err := s.pickClasses(form["user_classes"], idle)
		if err != nil {
			return fail("%s", err)
		}
		req.UserClasses = picked
	}
	if v, ok := form["profile"]; ok && len(v) > 0 {
		p := strings.TrimSpace(v[0]) // "" clears it, as Locust's "or None"
		req.Profile = &p
	}
	for _, o := range s.opts.ExtraOptions {
		if vals, ok := form[o.Name]; ok {
			if req.Options == nil {
				req.Options = map[string][]string{}
			}
			req.Options[o.Name] = vals
		}
	}
	if !req.Shape && (!userCountGiven || req.SpawnRate == 0) {
		return fail("Missing user_count or spawn_rate from /swarm request")
	}
	req.Host = host
	if idle {
		s.cancelTimerLocked() // a new test: the old test's run time is over
	}
	if err := s.backend.Start(req); err != nil {
		return fail("Could not start the test: %s", err)
	}
	s.mu.Lock()
	s.host = host
	if req.Profile != nil {
		s.profile = *req.Profile
	}
	s.mu.Unlock()
	s.classes = req.UserClasses
	resp := swarmJSON{Success: true, Message: "Swarming started", Host: host}
	if req.Shape {
		resp.Message = fmt.Sprintf("Swarming started using shape class '%s'", s.opts.ShapeName)
		return resp, 0 // the shape decides when the test ends
	}
	if runTime > 0 {
		secs := int64(runTime / time.Second)
		resp.RunTime = &secs
	}
	if s.opts.ClassPicker {
		resp.UserClasses = append([]string{}, req.UserClasses...)
		if len(resp.UserClasses) == 0 {
			resp.UserClasses = append([]string{}, s.opts.UserClasses...)
		}
	}
	return resp, runTime
}

// pickClasses applies Locust's class picker rules: the chosen classes; with
// none chosen, those of the running test, or every class for a new test.
func (s *Server) pickClasses(names []string, idle bool) ([]string, error) {
	var picked, unknown []string
	for _, n := range names {
		if slices.Contains(s.opts.UserClasses, n) {
			if !slices.Contains(picked, n) {
				picked = append(picked, n)
			}
		} else if n != "" {
			unknown = append(unknown, n)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("Unknown User(s): %s", strings.Join(unknown, ", "))
	}
	if len(picked) == 0 {
		if idle {
			return nil, nil
		}
		return s.classes, nil
	}
	slices.Sort(picked)
	return picked, nil
}

// formValue returns the first value of key and whether the form has it.
func formValue(form map[string][]string, key string) (string, bool) {
	vs, ok := form[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// splitList reads a list field as Locust does: comma-separated, or
// repeated; blanks are dropped.
func splitList(all []string, first string) []string {
	parts := all
	if strings.Contains(first, ",") {
		parts = strings.Split(first, ",")
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isIdle(st runner.State) bool { return st == runner.StateReady || st == runner.StateStopped }

// scheduleStopLocked stops the test after d, replacing an earlier timer
// (Locust would keep both and stop at the first); s.ctl is held.
func (s *Server) scheduleStopLocked(d time.Duration) {
	s.cancelTimerLocked()
	if !s.timers.add(1) {
		return // shutting down
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.timerCancel = cancel
	go func() {
		defer s.timers.done()
		if s.clock.Sleep(ctx, d) != nil {
			return
		}
		s.ctl.Lock()
		defer s.ctl.Unlock()
		if ctx.Err() != nil { // cancelled while waiting for the lock
			return
		}
		s.timerCancel = nil
		s.log.Info("Run time limit reached, stopping test")
		if err := s.backend.Stop(); err != nil {
			s.log.Error("stop at run time: " + err.Error())
		}
	}()
}

func (s *Server) cancelTimerLocked() {
	if s.timerCancel != nil {
		s.timerCancel()
		s.timerCancel = nil
	}
}

// rejectCrossSite refuses GET routes that change the run (/stop,
// /stats/reset) when a browser says another site sent them: an image tag on
// a web page must not stop a load test. Scripts send no such header.
func rejectCrossSite(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		http.Error(w, "cross-site request refused", http.StatusForbidden)
		return true
	}
	return false
}

func (s *Server) handleStop(w http.ResponseWriter, r *http.Request) {
	if rejectCrossSite(w, r) {
		return
	}
	s.ctl.Lock()
	s.cancelTimerLocked()
	err := s.backend.Stop()
	s.ctl.Unlock()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, swarmJSON{Message: "Could not stop the test: " + err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Success bool   `json:"success"`
		Message string `json:"message"`
	}{true, "Test stopped"})
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	if rejectCrossSite(w, r) {
		return
	}
	s.backend.ResetStats()
	s.cache.invalidate()
	writeBody(w, http.StatusOK, "text/html; charset=utf-8", []byte("ok"))
}

// reportCache keeps the latest /stats/requests body for a short while:
// Locust memoises the route for 2 s; here the websocket tick refreshes it
// every second, and a poll between ticks reuses it.
type reportCache struct {
	mu    sync.Mutex
	at    time.Time
	body  []byte
	stamp int64 // the snapshot time of body, Unix ms
}

// maxCacheAge is how old a cached /stats/requests body may be.
const maxCacheAge = time.Second

func (c *reportCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.body = nil
}

// requestsReport builds the /stats/requests JSON now and caches it; it also
// returns the snapshot's time for the websocket message.
func (s *Server) requestsReport() (*requestsJSON, error) {
	snap := s.backend.Snapshot()
	rep := newRequestsJSON(snap, string(s.backend.State()), s.backend.UserCount())
	body, err := marshalJSON(rep)
	if err != nil {
		return nil, fmt.Errorf("encode stats: %w", err)
	}
	ms := snap.Time.UnixMilli()
	s.cache.mu.Lock()
	s.cache.at, s.cache.body, s.cache.stamp = time.Now(), body, ms
	s.cache.mu.Unlock()
	rep.Time = &ms
	return rep, nil
}

func (s *Server) handleRequests(w http.ResponseWriter, _ *http.Request) {
	s.cache.mu.Lock()
	body := s.cache.body
	fresh := body != nil && time.Since(s.cache.at) < maxCacheAge
	s.cache.mu.Unlock()
	if !fresh {
		if _, err := s.requestsReport(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		s.cache.mu.Lock()
		body = s.cache.body
		s.cache.mu.Unlock()
	}
	writeBody(w, http.StatusOK, "application/json", bytes.Clone(body))
}

func (s *Server) handleExceptions(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, newExceptionsJSON(s.backend.Snapshot()))
}

func (s *Server) handleTasks(w http.ResponseWriter, _ *http.Request) {
	per, total := s.backend.TaskRatios()
	if per == nil {
		per = user.RatioList{}
	}
	if total == nil {
		total = user.RatioList{}
	}
	writeJSON(w, http.StatusOK, tasksJSON{PerClass: per, Total: total})
}

func (s *Server) handleLogs(w http.ResponseWriter, _ *http.Request) {
	lines := s.backend.Logs()
	if lines == nil {
		lines = []string{}
	}
	writeJSON(w, http.StatusOK, logsJSON{Master: lines, Workers: map[string][]string{}})
}

func (s *Server) handleWorkerCount(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		WorkerCount int `json:"worker_count"`
	}{0})
}

func (s *Server) handleUIConfig(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.uiConfig())
}

// StateChanged tells websocket clients at once that the run changed state.
// It never blocks, so the CLI calls it from the runner's StateChange hook.
func (s *Server) StateChanged(st runner.State) {
	s.cache.invalidate()
	s.hub.notify(st)
}
