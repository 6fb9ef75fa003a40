package synthesis

import (
	"testing"

	"github.com/storyline-news/storyline/internal/textfeat"
)

func TestDbg(t *testing.T) {
	text := "Ranito Allen, aka Nito, 35; Edwin Carvin, aka Ren, 38; Brandon Milton, aka Lil Folk, 30; and Erik Reese, aka E, 35, all of Memphis, Tennessee, were charged."
	toks := textfeat.Tokens(nil, text)
	ms := nameMentions(text, toks, map[string]bool{})
	typeMentions(ms)
	for _, m := range ms {
		t.Logf("%q %v %s weak=%v", m.name, m.words, m.kind, m.weak)
	}
}
