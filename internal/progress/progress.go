// Package progress reports the progress of long work: a bar with rate and
// ETA (github.com/schollz/progressbar/v3) when writing to a terminal, and
// plain periodic lines otherwise, so logs stay readable.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Reporter shows the progress of one job measured in bytes (or any unit).
// It is safe for concurrent use. The zero value is not usable; use New.
type Reporter struct {
	mu       sync.Mutex
	w        io.Writer
	bar      *progressbar.ProgressBar
	desc     string
	total    int64
	start    time.Time
	last     time.Time
	interval time.Duration
	now      func() time.Time
	quiet    bool
	items    int
}

// New returns a Reporter writing to w. When w is a terminal, a bar is
// drawn; otherwise a line is written at most every two seconds. quiet
// suppresses all output.
func New(w io.Writer, desc string, quiet bool) *Reporter {
	r := &Reporter{w: w, desc: desc, quiet: quiet, interval: 2 * time.Second, now: time.Now}
	r.start = r.now()
	r.last = r.start
	if quiet {
		return r
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		r.bar = progressbar.NewOptions64(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(desc),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	return r
}

// Update reports that done of total units (bytes; total 0 when unknown)
// are finished and items items (articles) were processed so far.
func (r *Reporter) Update(done, total int64, items int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.items = items
	if r.quiet {
		return
	}
	if r.bar != nil {
		if total > 0 && total != r.total {
			r.bar.ChangeMax64(total)
		}
		r.total = total
		_ = r.bar.Set64(done)
		return
	}
	r.total = total
	now := r.now()
	if now.Sub(r.last) < r.interval {
		return
	}
	r.last = now
	fmt.Fprintln(r.w, r.line(done, now))
}

// line formats a plain progress line with rate and ETA.
func (r *Reporter) line(done int64, now time.Time) string {
	el := now.Sub(r.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(r.items) / el
	}
	s := fmt.Sprintf("%s: %d articles, %.0f articles/s", r.desc, r.items, rate)
	if r.total > 0 && done > 0 {
		pct := 100 * float64(done) / float64(r.total)
		s += fmt.Sprintf(", %.0f%%", pct)
		if done < r.total {
			eta := time.Duration(el * float64(r.total-done) / float64(done) * float64(time.Second))
			s += ", ETA " + eta.Round(time.Second).String()
		}
	}
	return s
}

// Finish ends the bar.
func (r *Reporter) Finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.bar != nil {
		_ = r.bar.Finish()
	}
}
