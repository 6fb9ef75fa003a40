package cluster

import (
	"math"
	"os"
	"testing"
	"time"
)

// TestMergeDiag is a development aid: it counts the re-check merges that
// join stories of one gold event against those that mix events (and with
// STORYLINE_DIAG=2 lists the latter).
func TestMergeDiag(t *testing.T) {
	for name, recs := range diagFiles(t) {
		e := New(devConfig(t))
		members := map[int64][]int{} // story -> record indexes
		good, bad := 0, 0
		for i, r := range recs {
			d := Doc{ID: int64(i + 1), Title: r.Title, Body: r.Text, Source: r.Source}
			if tm, err := time.Parse("2006-01-02", r.Date); err == nil {
				d.Published = tm
			}
			dec := e.Add(d)
			members[dec.StoryID] = append(members[dec.StoryID], i)
			for _, m := range e.TakeMerges() {
				major := func(id int64) string {
					c := map[string]int{}
					best := ""
					for _, k := range members[id] {
						c[recs[k].Event]++
						if c[recs[k].Event] > c[best] {
							best = recs[k].Event
						}
					}
					return best
				}
				if os.Getenv("STORYLINE_DIAG") == "3" {
					gap := 1e9
					for _, x := range members[m.Survivor] {
						for _, y := range members[m.Merged] {
							tx, e1 := time.Parse("2006-01-02", recs[x].Date)
							ty, e2 := time.Parse("2006-01-02", recs[y].Date)
							if e1 == nil && e2 == nil {
								gap = min(gap, math.Abs(tx.Sub(ty).Hours()/24))
							}
						}
					}
					t.Logf("merge %v sizes %d %d gap %.0f", major(m.Survivor) == major(m.Merged), len(members[m.Survivor]), len(members[m.Merged]), gap)
				}
				if major(m.Survivor) == major(m.Merged) {
					good++
				} else {
					bad++
					if os.Getenv("STORYLINE_DIAG") == "2" {
						t.Logf("bad merge %s (%d) + %s (%d): %.60q | %.60q", major(m.Survivor), len(members[m.Survivor]), major(m.Merged), len(members[m.Merged]),
							recs[members[m.Survivor][0]].Title+recs[members[m.Survivor][0]].Text, recs[members[m.Merged][0]].Title+recs[members[m.Merged][0]].Text)
					}
				}
				members[m.Survivor] = append(members[m.Survivor], members[m.Merged]...)
				delete(members, m.Merged)
			}
		}
		t.Logf("%-20s re-check merges: %d within an event, %d across events", name, good, bad)
	}
}
