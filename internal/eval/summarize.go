package eval

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/rouge"
	"github.com/storyline-news/storyline/internal/story/summarize"
)

// SummarizeSet is one line of a summarization benchmark file: a story's
// documents with its reference summaries and, optionally, the summaries
// of published systems.
type SummarizeSet struct {
	ID   string `json:"id"`
	Docs []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"docs"`
	References []string          `json:"references"`
	Peers      map[string]string `json:"peers,omitempty"`
	// CleanDocs, where present, drops off-topic or junk documents.
	CleanDocs []string `json:"clean_docs,omitempty"`
}

// SummarizeOptions controls [RunSummarize].
type SummarizeOptions struct {
	// Words is the summary length in words and the ROUGE word limit (-l);
	// 0 means 100.
	Words int
	// Peers scores the published systems stored in the file instead of
	// Storyline: one report per system.
	Peers bool
	// Clean summarises clean_docs instead of docs where a set has them.
	Clean bool
	// Limit, if positive, reads only the first Limit sets.
	Limit int
	// Write, if not nil, receives one JSON line {"id","summary"} per set.
	Write io.Writer
}

// SummarizeReport is the ROUGE score of one system over a benchmark file.
// Scores are percentages (ROUGE-1.5.5 -n 4 -m -l Words -f A -p 0.5 -t 0,
// mean over sets).
type SummarizeReport struct {
	File         string  `json:"file"`
	System       string  `json:"system"`
	Sets         int     `json:"sets"`
	Words        int     `json:"words"`
	Rouge1Recall float64 `json:"rouge1_recall"`
	Rouge2Recall float64 `json:"rouge2_recall"`
	Rouge4Recall float64 `json:"rouge4_recall"`
	Rouge1F      float64 `json:"rouge1_f"`
	Rouge2F      float64 `json:"rouge2_f"`
	// SummaryWords is the mean length of the summaries in words.
	SummaryWords float64 `json:"summary_words"`
	// Seconds is the time spent summarising (not scoring).
	Seconds float64 `json:"seconds"`
}

// RunSummarize reads a summarization benchmark (gzip JSON Lines, one set
// per line), summarises each set's documents as one story, and scores the
// summaries against the references with package rouge. With opt.Peers it
// scores the stored peer summaries instead, one report per system sorted
// by name; otherwise it returns one report, for system "storyline".
func RunSummarize(ctx context.Context, path string, opt SummarizeOptions) ([]SummarizeReport, error) {
	if opt.Words <= 0 {
		opt.Words = summarize.DefaultWords
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: summarize: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("eval: summarize: %s: %w", path, err)
	}
	defer zr.Close()

	ropt := rouge.DefaultOptions()
	ropt.WordLimit = opt.Words
	scores := map[string][][]rouge.Score{}
	lengths := map[string]int{}
	var spent time.Duration
	sets := 0
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for sc.Scan() {
		if opt.Limit > 0 && sets >= opt.Limit {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var set SummarizeSet
		if err := json.Unmarshal(sc.Bytes(), &set); err != nil {
			return nil, fmt.Errorf("eval: summarize: %s: set %d: %w", path, sets+1, err)
		}
		sets++
		if opt.Peers {
			for sys, text := range set.Peers {
				scores[sys] = append(scores[sys], rouge.Evaluate(text, set.References, ropt))
				lengths[sys] += len(strings.Fields(text))
			}
			continue
		}
		start := time.Now()
		sum := summarize.Summarize(SummarizeDocs(set, opt.Clean), summarize.Options{Words: opt.Words})
		spent += time.Since(start)
		text := sum.Text()
		scores["storyline"] = append(scores["storyline"], rouge.Evaluate(text, set.References, ropt))
		lengths["storyline"] += sum.Words
		if opt.Write != nil {
			line, err := json.Marshal(struct {
				ID      string `json:"id"`
				Summary string `json:"summary"`
			}{set.ID, text})
			if err != nil {
				return nil, err
			}
			if _, err := opt.Write.Write(append(line, '\n')); err != nil {
				return nil, fmt.Errorf("eval: summarize: write: %w", err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: summarize: %s: %w", path, err)
	}

	systems := make([]string, 0, len(scores))
	for s := range scores {
		systems = append(systems, s)
	}
	slices.Sort(systems)
	reports := make([]SummarizeReport, 0, len(systems))
	for _, sys := range systems {
		m := rouge.Mean(scores[sys])
		r := SummarizeReport{
			File: filepath.Base(path), System: sys, Sets: len(scores[sys]), Words: opt.Words,
			Rouge1Recall: 100 * m[0].Recall, Rouge2Recall: 100 * m[1].Recall, Rouge4Recall: 100 * m[3].Recall,
			Rouge1F: 100 * m[0].F, Rouge2F: 100 * m[1].F,
			SummaryWords: float64(lengths[sys]) / float64(len(scores[sys])),
		}
		if sys == "storyline" {
			r.Seconds = spent.Seconds()
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// SummarizeDocs turns a benchmark set into the documents of one story.
// Benchmark documents have no sources or titles; their IDs are their
// positions, from 1. With clean set, clean_docs replace docs when present.
func SummarizeDocs(set SummarizeSet, clean bool) []summarize.Document {
	var texts []string
	if clean && len(set.CleanDocs) > 0 {
		texts = set.CleanDocs
	} else {
		for _, d := range set.Docs {
			texts = append(texts, d.Text)
		}
	}
	docs := make([]summarize.Document, 0, len(texts))
	for i, t := range texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		docs = append(docs, summarize.Document{ID: int64(i + 1), Text: t})
	}
	return docs
}
