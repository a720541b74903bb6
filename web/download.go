package web

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"time"

	"github.com/gust-load/gust/runtime/report"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/web/htmlreport"
)

// downloadName is Locust's suggested file name for a download:
// Locust_<YYYY-MM-DD-HHhMM>_<locustfile>[_<host>]<suffix>, the time being
// the statistics' start in the server's local time zone.
func (s *Server) downloadName(snap *stats.Snapshot, suffix string) string {
	var start time.Time
	if snap.Total != nil {
		start = snap.Total.StartTime
	}
	name := "Locust_" + start.Local().Format("2006-01-02-15h04") + "_" + s.opts.Locustfile
	if h := s.currentHost(); h != "" {
		name += "_" + h
	}
	return name + suffix
}

// attachment sets Locust's Content-Disposition header for a download.
func attachment(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Disposition", "attachment;filename="+filename)
}

// serveCSV renders one of the CSV files from a fresh snapshot.
func (s *Server) serveCSV(w http.ResponseWriter, suffix string, render func(io.Writer, *stats.Snapshot) error) {
	snap := s.backend.Snapshot()
	var b bytes.Buffer
	if err := render(&b, snap); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	attachment(w, s.downloadName(snap, suffix))
	writeBody(w, http.StatusOK, "text/csv", b.Bytes())
}

func (s *Server) handleRequestsCSV(w http.ResponseWriter, _ *http.Request) {
	s.serveCSV(w, "_requests.csv", report.WriteRequestsCSV)
}

func (s *Server) handleFailuresCSV(w http.ResponseWriter, _ *http.Request) {
	s.serveCSV(w, "_failures.csv", report.WriteFailuresCSV)
}

func (s *Server) handleExceptionsCSV(w http.ResponseWriter, _ *http.Request) {
	s.serveCSV(w, "_exceptions.csv", report.WriteExceptionsCSV)
}

// errNoFullHistory is Locust's answer when --csv-full-history is off.
const errNoFullHistory = "Error: Server was not started with option to generate full history."

// handleFullHistoryCSV serves the PREFIX_stats_history.csv being written,
// as it is now (the CSV writer appends to it every second).
func (s *Server) handleFullHistoryCSV(w http.ResponseWriter, r *http.Request) {
	if s.opts.FullHistoryFile == "" {
		writeBody(w, http.StatusNotFound, "text/html; charset=utf-8", []byte(errNoFullHistory))
		return
	}
	f, err := os.Open(s.opts.FullHistoryFile)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, fs.ErrNotExist) {
			status = http.StatusNotFound
		}
		http.Error(w, "open history CSV: "+err.Error(), status)
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "read history CSV: "+err.Error(), http.StatusInternalServerError)
		return
	}
	attachment(w, s.downloadName(s.backend.Snapshot(), "_requests_full_history.csv"))
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// handleReport serves the HTML report: ?theme=dark for the dark theme,
// ?download=1 as an attachment without the download link.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	download := q.Get("download") != ""
	d := s.reportData()
	d.Theme = q.Get("theme")
	d.ShowDownloadLink = !download
	var b bytes.Buffer
	if err := htmlreport.WriteHTML(&b, d); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if download {
		attachment(w, s.downloadName(d.Snapshot, ".html"))
	}
	writeBody(w, http.StatusOK, "text/html; charset=utf-8", b.Bytes())
}

// reportData collects what the HTML report shows from the backend.
func (s *Server) reportData() htmlreport.Data {
	per, total := s.backend.TaskRatios()
	d := htmlreport.Data{
		Locustfile:     s.opts.Locustfile,
		Profile:        s.currentProfile(),
		Host:           s.currentHost(),
		Version:        s.opts.Version,
		Snapshot:       s.backend.Snapshot(),
		History:        s.backend.History(),
		PerClassRatios: per,
		TotalRatios:    total,
		Users:          s.backend.UserCount(),
	}
	for _, p := range d.History {
		d.Users = max(d.Users, p.UserCount)
	}
	return d
}
