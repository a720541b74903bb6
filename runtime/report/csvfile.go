package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/gust-load/gust/runtime/stats"
)

// CSVWriter owns the four CSV files of a --csv prefix. Like Locust's
// StatsCSVFileWriter it writes the headers when opened, then on every Tick
// rewrites _stats.csv, _failures.csv and _exceptions.csv in place and
// appends rows to _stats_history.csv. Each Tick reaches the files at once
// (no user-space buffer), and Close writes one last complete tick before
// closing — so, unlike Locust's files, they end with the same totals as the
// final console summary. It is safe for concurrent use.
type CSVWriter struct {
	mu          sync.Mutex
	prefix      string
	fullHistory bool
	files       [4]csvFile // stats, history, failures, exceptions
	closed      bool
}

type csvFile struct {
	f      *os.File
	header int64 // bytes of header: rewrites start here
}

const (
	fileStats = iota
	fileHistory
	fileFailures
	fileExceptions
)

// OpenCSV creates (truncating) PREFIX_stats.csv, PREFIX_stats_history.csv,
// PREFIX_failures.csv and PREFIX_exceptions.csv, creating missing
// directories, and writes their headers. If initial is not nil it also
// writes the first tick from it with a user count of 0, as Locust's writer
// does when it starts, before any user exists. fullHistory is
// --csv-full-history.
func OpenCSV(prefix string, fullHistory bool, initial *stats.Snapshot) (*CSVWriter, error) {
	if dir := filepath.Dir(prefix); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create CSV directory: %w", err)
		}
	}
	w := &CSVWriter{prefix: prefix, fullHistory: fullHistory}
	headers := [4]string{requestsHeader, historyHeader, failuresHeader, exceptionsHeader}
	for i, h := range headers {
		name := w.fileName(i)
		f, err := os.Create(name)
		if err == nil {
			_, err = f.WriteString(h)
		}
		if err != nil {
			if f != nil {
				_ = f.Close()
			}
			w.closeFiles()
			return nil, fmt.Errorf("open CSV file %s: %w", name, err)
		}
		w.files[i] = csvFile{f: f, header: int64(len(h))}
	}
	if initial != nil {
		if err := w.tickLocked(initial, 0); err != nil {
			w.closeFiles()
			return nil, err
		}
	}
	return w, nil
}

func (w *CSVWriter) fileName(i int) string {
	return w.prefix + [...]string{"_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv"}[i]
}

// HistoryFile is the path of PREFIX_stats_history.csv, which the web UI
// serves as /stats/requests_full_history/csv.
func (w *CSVWriter) HistoryFile() string { return w.fileName(fileHistory) }

// Tick writes one snapshot: the whole-run files are replaced, the history
// gains its rows. Locust ticks every second (CSV_STATS_INTERVAL_SEC);
// userCount is the runner's current user count.
func (w *CSVWriter) Tick(s *stats.Snapshot, userCount int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return errors.New("CSV writer is closed")
	}
	return w.tickLocked(s, userCount)
}

func (w *CSVWriter) tickLocked(s *stats.Snapshot, userCount int) error {
	if err := checkSnapshot(s, "CSV files"); err != nil {
		return err
	}
	if err := w.rewrite(fileStats, requestsRows(s)); err != nil {
		return err
	}
	if _, err := w.files[fileHistory].f.WriteString(historyRows(s, userCount, w.fullHistory)); err != nil {
		return fmt.Errorf("write CSV file %s: %w", w.fileName(fileHistory), err)
	}
	if err := w.rewrite(fileFailures, failuresRows(s)); err != nil {
		return err
	}
	return w.rewrite(fileExceptions, exceptionsRows(s))
}

// rewrite replaces everything after the header, as Locust's seek, write,
// truncate.
func (w *CSVWriter) rewrite(i int, rows string) error {
	cf := w.files[i]
	if _, err := cf.f.WriteAt([]byte(rows), cf.header); err != nil {
		return fmt.Errorf("write CSV file %s: %w", w.fileName(i), err)
	}
	if err := cf.f.Truncate(cf.header + int64(len(rows))); err != nil {
		return fmt.Errorf("truncate CSV file %s: %w", w.fileName(i), err)
	}
	return nil
}

// Close writes final (unless nil) as a last tick and closes the files.
// Closing twice is a no-op.
func (w *CSVWriter) Close(final *stats.Snapshot, userCount int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	var err error
	if final != nil {
		err = w.tickLocked(final, userCount)
	}
	return errors.Join(err, w.closeFiles())
}

func (w *CSVWriter) closeFiles() error {
	w.closed = true
	var errs []error
	for i, cf := range w.files {
		if cf.f == nil {
			continue
		}
		if err := cf.f.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close CSV file %s: %w", w.fileName(i), err))
		}
	}
	return errors.Join(errs...)
}
