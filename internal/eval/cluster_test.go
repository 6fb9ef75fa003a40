package eval

import (
	"bytes"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClusterScores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		gold, pred []string
		// want: B3 P, R; pairwise P, R; predicted clusters
		b3p, b3r, pp, pr float64
		clusters         int
	}{
		{"Perfect", []string{"a", "a", "b"}, []string{"x", "x", "y"}, 1, 1, 1, 1, 2},
		// One predicted cluster of all 3: precision per article 2/3,2/3,1/3.
		{"AllInOne", []string{"a", "a", "b"}, []string{"x", "x", "x"}, 5.0 / 9, 1, 1.0 / 3, 1, 1},
		// All singletons: recall 1/2,1/2,1; no predicted pairs -> pairwise P=1.
		{"Singletons", []string{"a", "a", "b"}, []string{"1", "2", "3"}, 1, 2.0 / 3, 1, 0, 3},
		// gold {1,2,3}{4,5}; pred {1,2}{3,4,5}.
		// B3 P: 1,1, 1/3,2/3,2/3 -> 11/3/5; R: 2/3,2/3,1/3,1,1 -> 11/3/5.
		// pairs: gold 3+1=4, pred 1+3=4, common {1,2},{4,5} = 2.
		{"Crossed", []string{"a", "a", "a", "b", "b"}, []string{"x", "x", "y", "y", "y"},
			11.0 / 15, 11.0 / 15, 0.5, 0.5, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := ClusterScores(tc.gold, tc.pred)
			check := func(name string, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-9 {
					t.Errorf("ClusterScores(%q, %q).%s = %v, want %v", tc.gold, tc.pred, name, got, want)
				}
			}
			check("B3Precision", s.B3Precision, tc.b3p)
			check("B3Recall", s.B3Recall, tc.b3r)
			check("B3F1", s.B3F1, f1(tc.b3p, tc.b3r))
			check("PairPrecision", s.PairPrecision, tc.pp)
			check("PairRecall", s.PairRecall, tc.pr)
			check("PairF1", s.PairF1, f1(tc.pp, tc.pr))
			if s.Clusters != tc.clusters {
				t.Errorf("Clusters = %d, want %d", s.Clusters, tc.clusters)
			}
		})
	}
}

func TestClusterScores_Empty(t *testing.T) {
	t.Parallel()
	if s := ClusterScores(nil, nil); s.Articles != 0 || s.Clusters != 0 {
		t.Errorf("ClusterScores(nil, nil) = %+v", s)
	}
}

func TestReadClusterFile(t *testing.T) {
	t.Parallel()
	const data = `{"id": "1", "event": "e1", "text": "Fire in Springfield.", "title": "Fire", "date": "2016-03-01", "source": "example.com"}

{"id": "2", "event": "e1", "text": "Blaze.", "date": null}
`
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(data))
	zw.Close()
	path := filepath.Join(t.TempDir(), "c.jsonl.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := ReadClusterFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("len = %d, want 2", len(recs))
	}
	if r := recs[0]; r.ID != "1" || r.Event != "e1" || r.Title != "Fire" || r.Date != "2016-03-01" || r.Source != "example.com" {
		t.Errorf("recs[0] = %+v", r)
	}
	if r := recs[1]; r.Date != "" || r.Text != "Blaze." {
		t.Errorf("recs[1] = %+v", r)
	}

	if _, err := ReadClusterRecords(strings.NewReader(`{"id": "1"}`)); err == nil {
		t.Error("record without event: want error")
	}
	if _, err := ReadClusterRecords(strings.NewReader(`{"id": `)); err == nil {
		t.Error("bad JSON: want error")
	}
}
