// Package headline gives every story one headline: the synthesized one
// (summarize.Headline over its members), computed the same way wherever it
// is needed, and stored with the story whenever the story changes, so the
// CLI, the API, the pages, the feeds and webhooks all show the same.
package headline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/summarize"
)

// The headline is chosen from a story's first MaxMembers members and the
// first LeadBytes of each body: an event's headline lives in its first
// reports' titles and leads, and the bound keeps refreshing a growing
// story's headline after every batch cheap, whatever its size.
const (
	MaxMembers = 24
	LeadBytes  = 2000
)

// Of returns the headline of a story with these members, in any order.
// Near-copies (DuplicateOf a member) count as their original's voice.
func Of(members []*news.Article) string {
	arts := slices.Clone(members)
	slices.SortFunc(arts, func(a, b *news.Article) int { return cmp.Compare(a.ID, b.ID) })
	arts = arts[:min(len(arts), MaxMembers)]
	ids := make(map[int64]bool, len(arts))
	for _, a := range arts {
		ids[a.ID] = true
	}
	docs := make([]summarize.Document, len(arts))
	for i, a := range arts {
		var dup int64
		if a.DuplicateOf != 0 && ids[a.DuplicateOf] {
			dup = a.DuplicateOf
		}
		docs[i] = summarize.Document{ID: a.ID, Source: a.Source, Title: a.Title, Text: lead(a.Body), DuplicateOf: dup}
	}
	return summarize.Headline(docs)
}

// Refresh recomputes and stores the headlines of the stories ids, after
// they changed (gained, lost or merged articles). Stories that no longer
// exist or have no members are passed over. It returns the headlines it
// computed, by story.
func Refresh(ctx context.Context, store news.Store, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	done := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if done[id] {
			continue
		}
		done[id] = true
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &id, Limit: MaxMembers})
		if err != nil {
			return nil, fmt.Errorf("headline: story %d: %w", id, err)
		}
		if len(members) == 0 {
			continue
		}
		if h := Of(members); h != "" {
			out[id] = h
		}
	}
	if err := store.SetHeadlines(ctx, out); err != nil {
		return nil, fmt.Errorf("headline: %w", err)
	}
	return out, nil
}

// lead returns the first LeadBytes of body, cut after the last paragraph
// or sentence end within them, so that no cut sentence is offered.
func lead(body string) string {
	if len(body) <= LeadBytes {
		return body
	}
	cut := body[:LeadBytes]
	if i := strings.LastIndex(cut, "\n\n"); i > LeadBytes/2 {
		return cut[:i]
	}
	for _, end := range []string{". ", "? ", "! ", ".\" ", ".\u201d "} {
		if i := strings.LastIndex(cut, end); i > LeadBytes/2 {
			return cut[:i+len(end)-1]
		}
	}
	return strings.ToValidUTF8(cut, "")
}
