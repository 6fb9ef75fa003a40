// Package samples embeds Storyline's bundled sample articles: fictional
// reports of five events (a bridge collapse, a warehouse fire, two different
// shootings in one city, an interest-rate decision) from several invented
// outlets, with realistic scraped noise and one syndicated near-copy. The
// demo command and tests use them. No real article is included.
package samples

import "embed"

// FS holds the sample files under data/.
//
//go:embed data
var FS embed.FS

// Taxonomy is an example outlet taxonomy (package taxonomy's CSV format)
// for the invented outlets of the samples; the demo imports it.
//
//go:embed taxonomy.csv
var Taxonomy []byte

// Dir is the directory inside FS that holds the samples.
const Dir = "data"

// Events maps each sample article to its real-world event, for tests. Keys
// are origins as the ingest reader writes them ("file" or "file:line",
// relative to Dir); values name the events.
func Events() map[string]string {
	return map[string]string{
		"bridge-harbourwatch.txt":   "bridge",
		"bridge-wire.jsonl:1":       "bridge",
		"bridge-wire.jsonl:2":       "bridge",
		"bridge-courier.html":       "bridge",
		"fire-dunmore.jsonl:1":      "fire",
		"fire-dunmore.jsonl:2":      "fire",
		"fire-dunmore.jsonl:3":      "fire",
		"shooting-riverton.jsonl:1": "shooting-freshway",
		"shooting-riverton.jsonl:2": "shooting-freshway",
		"shooting-riverton.jsonl:3": "shooting-bluelantern",
		"shooting-riverton.jsonl:4": "shooting-bluelantern",
		"rates-halvard.txt":         "rates",
		"rates-ledger.json":         "rates",
	}
}
