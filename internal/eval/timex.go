package eval

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/storyline-news/storyline/internal/text/timex"
)

// TimexArticle is one article of the timex benchmark
// (../shared/benchmarks/timex): its text, publish date and gold
// expressions, whose offsets count Unicode code points.
type TimexArticle struct {
	ID      string      `json:"id"`
	DCT     string      `json:"dct"`
	Text    string      `json:"text"`
	Timexes []TimexGold `json:"timexes"`
}

// TimexGold is one gold TIMEX3.
type TimexGold struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

// fullySpecified matches the gold values the benchmark scores: a day, a
// month, a year or an ISO week.
var fullySpecified = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$`)

// TimexScore is accuracy over the scored expressions, overall and per
// granularity of the gold value.
type TimexScore struct {
	Dates         int     `json:"dates"`
	Correct       int     `json:"correct"`
	Accuracy      float64 `json:"accuracy"`
	AccuracyDay   float64 `json:"accuracy_day"`
	AccuracyMonth float64 `json:"accuracy_month"`
	AccuracyYear  float64 `json:"accuracy_year"`
	AccuracyWeek  float64 `json:"accuracy_week"`
	// PerGranularity holds the counts behind the four accuracies.
	PerGranularity map[string][2]int `json:"per_granularity"`
	// Found counts the scored expressions whose span [timex.Find] finds
	// exactly in the text (the timeline's tagger); FoundCorrect those of
	// them it also resolves right.
	Found        int `json:"found"`
	FoundCorrect int `json:"found_correct"`
	// FindSpans counts the spans timex.Find gives in the articles, and
	// FindSpansTimex those of them that overlap a gold TIMEX3 of any type
	// (its precision, leniently).
	FindSpans      int `json:"find_spans"`
	FindSpansTimex int `json:"find_spans_timex"`
}

// TimexReport is the outcome of a timex benchmark run: the score on all
// articles (top level), on each half of the articles split by a hash of
// their ID (Dev, the half the rules were developed on, and Test, the
// other), and the baseline: the same resolver without tense.
type TimexReport struct {
	File string `json:"file"`
	TimexScore
	Dev      TimexScore    `json:"dev"`
	Test     TimexScore    `json:"test"`
	Baseline TimexBaseline `json:"baseline_no_tense"`
}

// TimexBaseline is the score of the baseline, whole and per half.
type TimexBaseline struct {
	TimexScore
	Dev  TimexScore `json:"dev"`
	Test TimexScore `json:"test"`
}

// TimexMiss is one wrongly resolved expression, for error analysis.
type TimexMiss struct {
	ID, DCT, Text, Gold, Got string
	Dev                      bool
}

// TimexOptions tunes RunTimex.
type TimexOptions struct {
	// Misses, when not nil, receives every wrong value.
	Misses func(TimexMiss)
}

// TimexDev tells whether an article belongs to the development half:
// FNV-1a (32 bits) of its ID is even.
func TimexDev(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%2 == 0
}

// ReadTimex reads the benchmark's JSON Lines (gzip or plain).
func ReadTimex(r io.Reader) ([]TimexArticle, error) {
	var out []TimexArticle
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var a TimexArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("eval: timex line %d: %w", line, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: read timex: %w", err)
	}
	return out, nil
}

// RunTimex scores [timex.Resolve] on the benchmark file at path.
func RunTimex(ctx context.Context, path string, opt TimexOptions) (TimexReport, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return TimexReport{}, fmt.Errorf("eval: read timex: %w", err)
	}
	var r io.Reader = bytes.NewReader(b)
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return TimexReport{}, fmt.Errorf("eval: read timex %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	arts, err := ReadTimex(r)
	if err != nil {
		return TimexReport{}, err
	}
	rep, err := ScoreTimex(ctx, arts, timex.Resolver{}, opt)
	if err != nil {
		return TimexReport{}, err
	}
	base, err := ScoreTimex(ctx, arts, timex.Resolver{NoTense: true}, TimexOptions{})
	if err != nil {
		return TimexReport{}, err
	}
	rep.Baseline = TimexBaseline{base.TimexScore, base.Dev, base.Test}
	rep.File = filepath.Base(path)
	return rep, nil
}

// ScoreTimex resolves every scored gold expression of arts with r, given
// the gold span and the publish date.
func ScoreTimex(ctx context.Context, arts []TimexArticle, r timex.Resolver, opt TimexOptions) (TimexReport, error) {
	var all, dev, test tally
	for _, a := range arts {
		if err := ctx.Err(); err != nil {
			return TimexReport{}, err
		}
		dct, err := time.Parse(time.DateOnly, a.DCT)
		if err != nil {
			return TimexReport{}, fmt.Errorf("eval: timex article %s: dct %q: %w", a.ID, a.DCT, err)
		}
		offsets := byteOffsets(a.Text)
		isDev := TimexDev(a.ID)
		found := map[timex.Span]bool{}
		spans, overlapping := 0, 0
		for _, sp := range timex.Find(a.Text) {
			found[sp] = true
			spans++
			for _, g := range a.Timexes {
				if g.Start >= 0 && g.End < len(offsets) && offsets[g.Start] < sp.End && sp.Start < offsets[g.End] {
					overlapping++
					break
				}
			}
		}
		all.spans(spans, overlapping)
		if isDev {
			dev.spans(spans, overlapping)
		} else {
			test.spans(spans, overlapping)
		}
		for _, g := range a.Timexes {
			if g.Type != "DATE" || !fullySpecified.MatchString(g.Value) {
				continue
			}
			if g.Start < 0 || g.End > len(offsets)-1 || g.Start >= g.End {
				return TimexReport{}, fmt.Errorf("eval: timex article %s: span %d-%d outside the text", a.ID, g.Start, g.End)
			}
			got := ""
			if v, ok := r.Resolve(a.Text, offsets[g.Start], offsets[g.End], dct); ok {
				got = v.String()
			}
			ok := got == g.Value
			f := found[timex.Span{Start: offsets[g.Start], End: offsets[g.End]}]
			all.add(g.Value, ok, f)
			if isDev {
				dev.add(g.Value, ok, f)
			} else {
				test.add(g.Value, ok, f)
			}
			if !ok && opt.Misses != nil {
				opt.Misses(TimexMiss{ID: a.ID, DCT: a.DCT, Text: g.Text, Gold: g.Value, Got: got, Dev: isDev})
			}
		}
	}
	return TimexReport{TimexScore: all.score(), Dev: dev.score(), Test: test.score()}, nil
}

// byteOffsets maps code point offsets of s to byte offsets; the extra last
// entry is len(s).
func byteOffsets(s string) []int {
	out := make([]int, 0, len(s)+1)
	for i := range s {
		out = append(out, i)
	}
	return append(out, len(s))
}

// granularityOf names the granularity of a fully specified gold value.
func granularityOf(v string) string {
	switch {
	case len(v) == 4:
		return "year"
	case len(v) == 7:
		return "month"
	case len(v) == 8:
		return "week"
	}
	return "day"
}

// tally counts per granularity: correct, total, found, found and correct;
// under the key "find spans", the spans of timex.Find and those
// overlapping a gold expression.
type tally map[string][4]int

const findKey = "find spans"

func (t *tally) spans(n, overlapping int) {
	if *t == nil {
		*t = tally{}
	}
	c := (*t)[findKey]
	c[0] += n
	c[1] += overlapping
	(*t)[findKey] = c
}

func (t *tally) add(value string, ok, found bool) {
	if *t == nil {
		*t = tally{}
	}
	g := granularityOf(value)
	c := (*t)[g]
	if ok {
		c[0]++
	}
	c[1]++
	if found {
		c[2]++
		if ok {
			c[3]++
		}
	}
	(*t)[g] = c
}

func (t tally) score() TimexScore {
	s := TimexScore{PerGranularity: map[string][2]int{}}
	acc := func(c [2]int) float64 {
		if c[1] == 0 {
			return 0
		}
		return float64(c[0]) / float64(c[1])
	}
	for g, c := range t {
		if g == findKey {
			s.FindSpans, s.FindSpansTimex = c[0], c[1]
			continue
		}
		s.Correct += c[0]
		s.Dates += c[1]
		s.Found += c[2]
		s.FoundCorrect += c[3]
		s.PerGranularity[g] = [2]int{c[0], c[1]}
	}
	s.Accuracy = acc([2]int{s.Correct, s.Dates})
	s.AccuracyDay = acc(s.PerGranularity["day"])
	s.AccuracyMonth = acc(s.PerGranularity["month"])
	s.AccuracyYear = acc(s.PerGranularity["year"])
	s.AccuracyWeek = acc(s.PerGranularity["week"])
	return s
}
