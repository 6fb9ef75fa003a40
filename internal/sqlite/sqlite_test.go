package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/sqlite"
	"github.com/storyline-news/storyline/internal/storetest"
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
