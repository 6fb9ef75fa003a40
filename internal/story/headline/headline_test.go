package headline_test

import (
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/story/headline"
)

// TestRefresh stores two stories under their founding titles, refreshes
// one, and checks that it gets the synthesized headline (not the founding
// title: a second, more central member wins) and the other keeps its own.
func TestRefresh(t *testing.T) {
	ctx := t.Context()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	arts := []*news.Article{
		{Source: "A", ContentHash: "1", Title: "Live updates", Body: "A bridge over Kestrel Bay collapsed on Monday. Four people were rescued from the harbour."},
		{Source: "B", ContentHash: "2", Title: "Four rescued after Kestrel Bay bridge collapses", Body: "Four people were rescued after the Kestrel Bay bridge collapsed into the harbour on Monday."},
		{Source: "C", ContentHash: "3", Title: "Dunmore warehouse fire contained", Body: "Firefighters contained a warehouse fire in Dunmore on Tuesday."},
	}
	_, err = store.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{Assignments: []news.Assignment{
			{ArticleID: fresh[0].ID, StoryID: fresh[0].ID},
			{ArticleID: fresh[1].ID, StoryID: fresh[0].ID},
			{ArticleID: fresh[2].ID, StoryID: fresh[2].ID},
		}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := headline.Refresh(ctx, store, []int64{arts[0].ID, arts[0].ID, 999})
	if err != nil {
		t.Fatal(err)
	}
	want := "Four rescued after Kestrel Bay bridge collapses"
	if len(got) != 1 || got[arts[0].ID] != want {
		t.Fatalf("Refresh = %v, want story %d: %q", got, arts[0].ID, want)
	}
	bridge, _ := store.FindStoryByID(ctx, arts[0].ID)
	fire, _ := store.FindStoryByID(ctx, arts[2].ID)
	if bridge.Headline != want || fire.Headline != arts[2].Title {
		t.Errorf("stored headlines %q, %q; want %q, %q", bridge.Headline, fire.Headline, want, arts[2].Title)
	}
	members, _, _ := store.FindArticles(ctx, news.ArticleFilter{StoryID: &bridge.ID})
	if h := headline.Of(members); h != want {
		t.Errorf("Of = %q, want %q", h, want)
	}
}
