package synthesis

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/summarize"
)

// Headline returns the headline of a story with these members: the one
// Synthesize writes, from the same documents, so that a headline stored
// by [RefreshHeadlines] is the one the story page shows.
func Headline(members []*news.Article) string {
	return summarize.Headline(documents(sortedByID(members)))
}

// sortedByID returns the members in arrival order.
func sortedByID(members []*news.Article) []*news.Article {
	arts := slices.Clone(members)
	slices.SortFunc(arts, func(a, b *news.Article) int { return cmp.Compare(a.ID, b.ID) })
	return arts
}

// documents turns articles in arrival order into summarize's documents.
func documents(arts []*news.Article) []summarize.Document {
	docs := make([]summarize.Document, len(arts))
	for i, a := range arts {
		docs[i] = summarize.Document{ID: a.ID, Source: a.Source, Title: a.Title, Text: a.Body, DuplicateOf: original(a, arts)}
	}
	return docs
}

// RefreshHeadlines recomputes and stores the headlines of the stories
// ids, after they changed (gained, lost or merged articles). Stories that
// no longer exist or have no live members are passed over. It returns the
// headlines it computed, by story.
func RefreshHeadlines(ctx context.Context, store news.Store, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	for _, id := range ids {
		if _, done := out[id]; done {
			continue
		}
		members, _, err := store.FindArticles(ctx, news.ArticleFilter{StoryID: &id})
		if err != nil {
			return nil, fmt.Errorf("synthesis: headline of story %d: %w", id, err)
		}
		if len(members) == 0 {
			continue
		}
		if h := Headline(members); h != "" {
			out[id] = h
		}
	}
	if err := store.SetHeadlines(ctx, out); err != nil {
		return nil, fmt.Errorf("synthesis: %w", err)
	}
	return out, nil
}
