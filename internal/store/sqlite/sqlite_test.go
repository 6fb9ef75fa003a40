package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// MustOpen opens a fresh store in a temporary directory.
func MustOpen(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "test.db"))
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store { return MustOpen(t) })
}

func TestStore_Memory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) news.Store {
		s, err := sqlite.Open(t.Context(), ":memory:")
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestOpen_Reopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	for i := 0; i < 2; i++ {
		s, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		if _, err := s.SaveBatch(t.Context(), []*news.Article{storetest.Article(1)}, nil); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountArticles(t.Context()); n != 1 {
			t.Fatalf("open #%d: %d articles, want 1", i+1, n)
		}
		s.Close()
	}
}

// TestStoryStats checks the kept number of live stories against a count,
// through assignments, merges and splits.
func TestStoryStats(t *testing.T) {
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	check := func(when string) {
		t.Helper()
		_, total, err := s.FindStories(ctx, news.StoryFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		all, _, _ := s.FindStories(ctx, news.StoryFilter{})
		if total != len(all) {
			t.Errorf("%s: total %d, but %d live stories listed", when, total, len(all))
		}
	}
	var arts []*news.Article
	for i := range 5 {
		arts = append(arts, storetest.Article(i+1))
	}
	if _, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		var c news.Clustering
		for _, a := range fresh {
			c.Assignments = append(c.Assignments, news.Assignment{ArticleID: a.ID, StoryID: a.ID})
		}
		return c, nil
	}); err != nil {
		t.Fatal(err)
	}
	check("after assigning")
	if err := s.MergeStories(ctx, arts[0].ID, arts[1].ID); err != nil {
		t.Fatal(err)
	}
	check("after a merge")
	if err := s.SplitStory(ctx, arts[0].ID, arts[1].ID, []int64{arts[1].ID}); err != nil {
		t.Fatal(err)
	}
	check("after a split")
}
