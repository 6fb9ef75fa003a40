package extract

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestBaseline(t *testing.T) {
	t.Parallel()
	for _, b := range []*Baseline{NewBaseline(), {Fallback: true}} {
		p, err := b.Extract(t.Context(), bytes.NewReader(readFixture(t, "article.html")), "")
		if err != nil {
			t.Fatalf("%+v: %v", b, err)
		}
		if !strings.Contains(p.Text, "The harbour bridge reopened to traffic") || !strings.Contains(p.Text, "temporary ferry service") {
			t.Errorf("%+v: Text lacks the article:\n%s", b, p.Text)
		}
		// The library's text is one line: Storyline's paragraphs are
		// its own rule.
		if strings.Contains(p.Text, "\n") {
			t.Errorf("%+v: Text has line breaks:\n%s", b, p.Text)
		}
		if p.Title != "Harbour Bridge Reopens After Repairs" {
			t.Errorf("%+v: Title=%q", b, p.Title)
		}
	}
}

func TestBaseline_Errors(t *testing.T) {
	t.Parallel()
	b := NewBaseline()
	if _, err := b.ExtractHTML(t.Context(), nil, "", ""); !errors.Is(err, ErrNoArticle) {
		t.Errorf("empty page: err=%v, want ErrNoArticle", err)
	}
	if _, err := b.ExtractHTML(t.Context(), make([]byte, MaxBytes+1), "", ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large page: err=%v, want ErrTooLarge", err)
	}
}
