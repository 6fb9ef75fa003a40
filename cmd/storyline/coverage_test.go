package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

// showCoverage runs show --json and returns the story's members and
// coverage.
func showCoverage(t *testing.T, db string, id int64) ([]*news.Article, news.Coverage) {
	t.Helper()
	var got struct {
		Members  []*news.Article `json:"members"`
		Coverage news.Coverage   `json:"coverage"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "show", "--db", db, "--json", fmt.Sprint(id))), &got); err != nil {
		t.Fatal(err)
	}
	return got.Members, got.Coverage
}

func TestSources_ImportErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("#order lean=left,right\nsource,lean\na.example,left\nb.example,centre\n"), 0o644)
	code, _, errOut := run(t, "", "sources", "import", "--db", filepath.Join(dir, "s.db"), bad)
	if code != exitFailure || !strings.Contains(errOut, `bad.csv:4: lean="centre" is not on the scale left,right`) {
		t.Errorf("exit %d, stderr %q; want 1 and a line-numbered error", code, errOut)
	}
	for _, args := range [][]string{{"sources"}, {"sources", "import"}, {"sources", "set", "a.example"}, {"sources", "set", "a.example", "lean"}, {"blindspots"}} {
		if code, _, _ := run(t, "", append(args, "--db", filepath.Join(dir, "s.db"))...); code != exitUsage {
			t.Errorf("storyline %s: exit %d, want %d", strings.Join(args, " "), code, exitUsage)
		}
	}
}

func TestSources_Demo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	mustRun(t, "demo", "--db", db)

	var list sourcesListJSON
	if err := json.Unmarshal([]byte(mustRun(t, "sources", "list", "--json", "--db", db)), &list); err != nil {
		t.Fatal(err)
	}
	for _, s := range list.Sources {
		if s.Values["lean"] == "" || s.Values["type"] == "" {
			t.Errorf("demo source %s lacks values: %v", s.Name, s.Values)
		}
	}

	// The bridge story: Daily Tribune's article is a near-copy of Meridian
	// Press's, so "right" is not covered.
	_, cov := showCoverage(t, db, 1)
	lean := cov["lean"]
	if got, want := fmt.Sprint(lean.Values), "[{center [Harbour Watch Meridian Press] 2 0.6666666666666666} {lean-right [Valley Courier] 1 0.3333333333333333}]"; got != want {
		t.Errorf("bridge lean coverage %s\nwant %s", got, want)
	}
	if got, want := fmt.Sprint(lean.Missing), "[left lean-left right]"; got != want {
		t.Errorf("bridge lean missing %s, want %s", got, want)
	}

	// sources set changes the coverage: Harbour Watch moves right.
	if out := mustRun(t, "sources", "set", "--db", db, "harbour watch", "lean=Right", "type="); !strings.Contains(out, "Harbour Watch: lean=right") {
		t.Errorf("sources set printed %q", out)
	}
	if code, _, errOut := run(t, "", "sources", "set", "--db", db, "Harbour Watch", "lean=far-right"); code != exitFailure || !strings.Contains(errOut, "not on the scale") {
		t.Errorf("sources set off the scale: exit %d, %q", code, errOut)
	}
	_, cov = showCoverage(t, db, 1)
	if got, want := fmt.Sprint(cov["lean"].Values), "[{center [Meridian Press] 1 0.3333333333333333} {lean-right [Valley Courier] 1 0.3333333333333333} {right [Harbour Watch] 1 0.3333333333333333}]"; got != want {
		t.Errorf("after set: %s\nwant %s", got, want)
	}
	if got := cov["type"].Unclassified; !slices.Equal(got, []string{"Harbour Watch"}) {
		t.Errorf("after type= : unclassified %v, want Harbour Watch", got)
	}

	var bs blindspotsJSON
	if err := json.Unmarshal([]byte(mustRun(t, "blindspots", "--dim", "lean", "--json", "--db", db)), &bs); err != nil {
		t.Fatal(err)
	}
	if len(bs.Blindspots) != 1 || bs.Blindspots[0].Story.ID != 5 || !slices.Equal(bs.Blindspots[0].Side, []string{"left", "lean-left"}) {
		t.Errorf("demo blindspots %+v, want the fire story (5) covered from the left", bs.Blindspots)
	}
	if code, _, errOut := run(t, "", "blindspots", "--dim", "owner", "--db", db); code != exitFailure || !strings.Contains(errOut, `no dimension "owner"`) {
		t.Errorf("blindspots on an unknown dimension: exit %d, %q", code, errOut)
	}

	var stories []news.Story
	if err := json.Unmarshal([]byte(mustRun(t, "stories", "--covered-by", "lean:left", "--json", "--db", db)), &stories); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, st := range stories {
		ids = append(ids, st.ID)
	}
	slices.Sort(ids)
	if want := []int64{5, 8}; !slices.Equal(ids, want) { // Northern Ledger and Regional Affairs
		t.Errorf("stories covered by lean:left: %v, want %v", ids, want)
	}
}

// TestCoverage_NewsWCL50 classifies NewsWCL50's outlets by lean and checks
// every story's coverage against the sources the file gives its members.
func TestCoverage_NewsWCL50(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		t.Skip("set STORYLINE_BENCH to the benchmarks folder")
	}
	path := filepath.Join(dir, "cluster", "newswcl50.jsonl.gz")
	lean := map[string]string{"slant-LL": "left", "slant-L": "lean-left", "slant-M": "center", "slant-R": "lean-right", "slant-RR": "right"}
	sourceOf := readWCLSources(t, path)
	db := filepath.Join(t.TempDir(), "wcl.db")
	mustRun(t, "ingest", "--db", db, path)
	mustRun(t, "sources", "import", "--db", db, filepath.Join("testdata", "newswcl50-lean.csv"))

	stories := storiesJSON(t, db)
	if len(stories) == 0 {
		t.Fatal("no stories")
	}
	checked := 0
	for _, st := range stories {
		members, cov := showCoverage(t, db, st.ID)
		// Expected: the file's own source of each member that is not a
		// near-copy of another member, once per outlet, by lean.
		ids := map[int64]bool{}
		for _, a := range members {
			ids[a.ID] = true
		}
		want := map[string]map[string]bool{}
		for _, a := range members {
			if a.DuplicateOf != 0 && ids[a.DuplicateOf] {
				continue
			}
			src, ok := sourceOf[a.ExternalID]
			if !ok {
				t.Fatalf("story %d: member %q not in the file", st.ID, a.ExternalID)
			}
			v := lean[src]
			if want[v] == nil {
				want[v] = map[string]bool{}
			}
			want[v][src] = true
		}
		got := cov["lean"]
		if got == nil {
			t.Fatalf("story %d: no lean coverage", st.ID)
		}
		gotBy := map[string][]string{}
		total := 0
		for _, vc := range got.Values {
			gotBy[vc.Value] = vc.Sources
			total += vc.Count
		}
		for _, v := range []string{"left", "lean-left", "center", "lean-right", "right"} {
			w := slices.Sorted(maps.Keys(want[v]))
			if !slices.Equal(gotBy[v], w) {
				t.Errorf("story %d, lean %s: sources %v, want %v", st.ID, v, gotBy[v], w)
			}
			if missing := slices.Contains(got.Missing, v); missing != (len(w) == 0) {
				t.Errorf("story %d, lean %s: missing=%v with %d sources", st.ID, v, missing, len(w))
			}
		}
		for _, vc := range got.Values {
			if share := float64(vc.Count) / float64(total); vc.Share != share {
				t.Errorf("story %d, lean %s: share %v, want %v", st.ID, vc.Value, vc.Share, share)
			}
		}
		if len(got.Unclassified) != 0 {
			t.Errorf("story %d: unclassified sources %v", st.ID, got.Unclassified)
		}
		checked++
	}
	t.Logf("checked the lean coverage of %d stories of NewsWCL50", checked)

	// Every event has all five leans, so no story is a blindspot.
	var bs blindspotsJSON
	if err := json.Unmarshal([]byte(mustRun(t, "blindspots", "--dim", "lean", "--json", "--db", db)), &bs); err != nil {
		t.Fatal(err)
	}
	if len(bs.Blindspots) != 0 || bs.Examined != len(stories) {
		t.Errorf("NewsWCL50 blindspots: %d of %d examined, want none of %d", len(bs.Blindspots), bs.Examined, len(stories))
	}
	// Dropping the right half of the scale from one event's sources makes
	// it one-sided: a constructed check on real coverage.
	for _, src := range []string{"slant-M", "slant-R", "slant-RR"} {
		mustRun(t, "sources", "set", "--db", db, src, "lean=")
	}
	if err := json.Unmarshal([]byte(mustRun(t, "blindspots", "--dim", "lean", "--json", "--db", db)), &bs); err != nil {
		t.Fatal(err)
	}
	if len(bs.Blindspots) != 0 {
		t.Errorf("with only two classified sources per story, %d blindspots; want none (min 3)", len(bs.Blindspots))
	}
	if err := json.Unmarshal([]byte(mustRun(t, "blindspots", "--dim", "lean", "--json", "--min-sources", "2", "--db", db)), &bs); err != nil {
		t.Fatal(err)
	}
	if len(bs.Blindspots) != len(stories) {
		t.Errorf("left-only classification at min 2: %d blindspots, want every story (%d)", len(bs.Blindspots), len(stories))
	}
}

// readWCLSources maps each record ID of a benchmark file to its source.
func readWCLSources(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var rec struct{ ID, Source string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		out[rec.ID] = rec.Source
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
