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

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/summarize"
)

// Of returns the headline of a story with these members, in any order.
// Near-copies (DuplicateOf a member) count as their original's voice.
func Of(members []*news.Article) string {
	arts := slices.Clone(members)
	slices.SortFunc(arts, func(a, b *news.Article) int { return cmp.Compare(a.ID, b.ID) })
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
		docs[i] = summarize.Document{ID: a.ID, Source: a.Source, Title: a.Title, Text: a.Body, DuplicateOf: dup}
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
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &id})
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
