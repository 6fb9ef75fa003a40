package eval

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
)

// ClusterRecord is one line of a clustering benchmark file: an article and
// the gold event it reports.
type ClusterRecord struct {
	ID     string `json:"id"`
	Event  string `json:"event"`
	Text   string `json:"text"`
	Title  string `json:"title,omitempty"`
	Date   string `json:"date,omitempty"` // YYYY-MM-DD, or "" when unknown
	URL    string `json:"url,omitempty"`
	Source string `json:"source,omitempty"`
	Topic  string `json:"topic,omitempty"`
}

// ReadClusterFile reads a clustering benchmark file: JSON Lines, gzip
// compressed when the name ends in ".gz". Records keep the file's order.
func ReadClusterFile(path string) ([]ClusterRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: open cluster file: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("eval: read cluster file %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	recs, err := ReadClusterRecords(r)
	if err != nil {
		return nil, fmt.Errorf("eval: read cluster file %s: %w", path, err)
	}
	return recs, nil
}

// ReadClusterRecords reads uncompressed clustering JSON Lines from r.
// Blank lines are skipped; a record without an id or event is an error.
func ReadClusterRecords(r io.Reader) ([]ClusterRecord, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var out []ClusterRecord
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec struct {
			ClusterRecord
			Date *string `json:"date"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if rec.Date != nil {
			rec.ClusterRecord.Date = *rec.Date
		}
		if rec.ID == "" || rec.Event == "" {
			return nil, fmt.Errorf("line %d: record needs an id and an event", line)
		}
		out = append(out, rec.ClusterRecord)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return out, nil
}

// Scores compares a predicted clustering with the gold one.
type Scores struct {
	Articles      int     `json:"articles"`
	GoldClusters  int     `json:"events"`
	Clusters      int     `json:"clusters"` // predicted
	B3Precision   float64 `json:"b3_precision"`
	B3Recall      float64 `json:"b3_recall"`
	B3F1          float64 `json:"b3_f1"`
	PairPrecision float64 `json:"pairwise_precision"`
	PairRecall    float64 `json:"pairwise_recall"`
	PairF1        float64 `json:"pairwise_f1"`
}

// ClusterScores scores pred against gold: gold[i] and pred[i] are the
// cluster labels of article i. B-cubed precision and recall are averaged
// over articles (each article counts itself); pairwise precision and recall
// count unordered article pairs placed together. A score whose denominator
// is zero (no predicted or no gold pairs) is 1. It panics if the slices
// differ in length, which is a programming error.
func ClusterScores(gold, pred []string) Scores {
	if len(gold) != len(pred) {
		panic(fmt.Sprintf("eval: ClusterScores: %d gold labels, %d predicted", len(gold), len(pred)))
	}
	n := len(gold)
	s := Scores{Articles: n}
	if n == 0 {
		return s
	}
	type pair struct{ g, p string }
	gsize := map[string]int{}
	psize := map[string]int{}
	both := map[pair]int{}
	for i := range gold {
		gsize[gold[i]]++
		psize[pred[i]]++
		both[pair{gold[i], pred[i]}]++
	}
	s.GoldClusters, s.Clusters = len(gsize), len(psize)

	// B-cubed: article i in cell (g,p) has precision |cell|/|p| and recall
	// |cell|/|g|; summing over the cell's articles gives |cell|²/|p|.
	var bp, br float64
	var tp, predPairs, goldPairs float64
	for c, k := range both {
		kf := float64(k)
		bp += kf * kf / float64(psize[c.p])
		br += kf * kf / float64(gsize[c.g])
		tp += kf * (kf - 1) / 2
	}
	for _, k := range psize {
		predPairs += float64(k) * float64(k-1) / 2
	}
	for _, k := range gsize {
		goldPairs += float64(k) * float64(k-1) / 2
	}
	s.B3Precision = bp / float64(n)
	s.B3Recall = br / float64(n)
	s.B3F1 = f1(s.B3Precision, s.B3Recall)
	s.PairPrecision, s.PairRecall = 1, 1
	if predPairs > 0 {
		s.PairPrecision = tp / predPairs
	}
	if goldPairs > 0 {
		s.PairRecall = tp / goldPairs
	}
	s.PairF1 = f1(s.PairPrecision, s.PairRecall)
	return s
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// String formats the scores on one line.
func (s Scores) String() string {
	return fmt.Sprintf("articles=%d events=%d clusters=%d B3 P/R/F1=%.3f/%.3f/%.3f pairwise P/R/F1=%.3f/%.3f/%.3f",
		s.Articles, s.GoldClusters, s.Clusters, s.B3Precision, s.B3Recall, s.B3F1,
		s.PairPrecision, s.PairRecall, s.PairF1)
}
