package server

import (
	"fmt"
	"hash/fnv"
	"runtime/debug"
	"time"
)

// buildID names the code that renders and synthesizes stories. It is part
// of a story's version, so that after an upgrade a client's copy of an
// unchanged story (its old page, its old synthesis) is not taken for
// current. A build from a clean checkout is named by its revision, the
// same for every instance behind a load balancer; a build without one (a
// test, a modified checkout) by the time the server started.
func buildID(started time.Time) string {
	h := fnv.New32a()
	revision, modified := "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		fmt.Fprint(h, bi.Main.Version)
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	fmt.Fprint(h, revision)
	if revision == "" || modified {
		fmt.Fprint(h, started.UnixNano())
	}
	return fmt.Sprintf("%08x", h.Sum32())
}
