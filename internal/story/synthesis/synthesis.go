// Package synthesis writes what a reader needs to know about a story from
// its member articles: a headline, an extractive summary in which every
// sentence names its source article, the people, organisations and places
// named, a timeline, and a cross-source comparison of claims (agreed by
// independent sources, made by one source only, or in conflict).
//
// Near-copies (articles with DuplicateOf set) are one voice with their
// original: they never count as an independent source, but their outlets
// are still listed. Everything is deterministic and pure Go.
package synthesis

import (
	"cmp"
	"context"
	"slices"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/headline"
	"github.com/storyline-news/storyline/internal/story/summarize"
	"github.com/storyline-news/storyline/internal/text/junk"
	"github.com/storyline-news/storyline/internal/text/sentence"
)

// Synthesizer implements news.Synthesizer. The zero value uses the
// default summary length.
type Synthesizer struct {
	// Words is the summary length in words; 0 means summarize.DefaultWords.
	Words int
	// Sentences, if positive, caps the summary's sentences instead.
	Sentences int
}

var _ news.Synthesizer = (*Synthesizer)(nil)

// Synthesize implements news.Synthesizer. members may come in any order;
// they are read in arrival order.
func (s *Synthesizer) Synthesize(ctx context.Context, story *news.Story, members []*news.Article) (*news.Synthesis, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	arts := slices.Clone(members)
	slices.SortFunc(arts, func(a, b *news.Article) int { return cmp.Compare(a.ID, b.ID) })

	docs := make([]summarize.Document, len(arts))
	for i, a := range arts {
		docs[i] = summarize.Document{ID: a.ID, Source: a.Source, Title: a.Title, Text: a.Body, DuplicateOf: original(a, arts)}
	}
	syn := &news.Synthesis{
		Headline: headline.Of(arts), // the one stored with the story
		Groups:   groups(arts),
	}
	if story != nil {
		syn.StoryID = story.ID
	}
	sum := summarize.Summarize(docs, summarize.Options{Words: s.Words, Sentences: s.Sentences})
	syn.Summary = make([]news.SummarySentence, 0, len(sum.Sentences))
	for _, x := range sum.Sentences {
		syn.Summary = append(syn.Summary, news.SummarySentence{Span: x.Span, Source: x.Source, Supporting: x.Supporting})
	}
	sents := splitAll(arts)
	syn.Entities = entities(arts)
	syn.Timeline = timeline(arts)
	syn.Comparison = compare(arts, sents)
	rankClaims(&syn.Comparison, arts, sents)
	return syn, nil
}

// original returns the ID of the member a is a near-copy of, following
// chains, or 0 when a is an original or its original is not a member.
func original(a *news.Article, arts []*news.Article) int64 {
	if a.DuplicateOf == 0 {
		return 0
	}
	for _, b := range arts {
		if b.ID == a.DuplicateOf {
			return b.ID
		}
	}
	return 0
}

// groups lists the members grouped by near-duplicates: each group's first
// ID is the original, the rest its copies, in arrival order.
func groups(arts []*news.Article) [][]int64 {
	idx := map[int64]int{}
	var out [][]int64
	for _, a := range arts {
		if o := original(a, arts); o != 0 {
			if g, ok := idx[o]; ok {
				out[g] = append(out[g], a.ID)
				idx[a.ID] = g
				continue
			}
		}
		idx[a.ID] = len(out)
		out = append(out, []int64{a.ID})
	}
	return out
}

// sent is one sentence of a member article.
type sent struct {
	art  *news.Article
	span news.Span
	pos  int // index within its article
}

// splitAll splits the members' bodies into sentences, leaving out page
// furniture and cut sentences (package junk); pos still counts them.
func splitAll(arts []*news.Article) [][]sent {
	out := make([][]sent, len(arts))
	for i, a := range arts {
		for j, sp := range sentence.Split(a.Body) {
			if junk.Is(sp.Text) {
				continue
			}
			sp.ArticleID = a.ID
			out[i] = append(out[i], sent{art: a, span: sp, pos: j})
		}
	}
	return out
}
