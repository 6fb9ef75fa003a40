// Package storetest is a conformance suite for news.Store implementations,
// in the manner of testing/fstest: every store adapter runs Run in its tests.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Run runs the conformance suite. open returns a new, empty store; Run
// closes it.
func Run(t *testing.T, open func(t *testing.T) news.Store) {
	t.Run("SaveBatch/Idempotent", func(t *testing.T) { testIdempotent(t, open(t)) })
	t.Run("SaveBatch/Assign", func(t *testing.T) { testAssign(t, open(t)) })
	t.Run("SaveBatch/Merge", func(t *testing.T) { testBatchMerge(t, open(t)) })
	t.Run("SaveBatch/Split", func(t *testing.T) { testBatchSplit(t, open(t)) })
	t.Run("SaveBatch/Rollback", func(t *testing.T) { testRollback(t, open(t)) })
	t.Run("FindArticleByID/RoundTrip", func(t *testing.T) { testRoundTrip(t, open(t)) })
	t.Run("FindArticleByID/ErrNotFound", func(t *testing.T) { testNotFound(t, open(t)) })
	t.Run("FindStories/Filter", func(t *testing.T) { testStoryFilter(t, open(t)) })
	t.Run("FindStories/Order", func(t *testing.T) { testStoryOrder(t, open(t)) })
	t.Run("SetHeadlines", func(t *testing.T) { testSetHeadlines(t, open(t)) })
	t.Run("WalkArticles/Order", func(t *testing.T) { testWalk(t, open(t)) })
	t.Run("MergeStories", func(t *testing.T) { testMerge(t, open(t)) })
	t.Run("SplitStory", func(t *testing.T) { testSplit(t, open(t)) })
	t.Run("SearchArticles", func(t *testing.T) { testSearch(t, open(t)) })
	t.Run("Feeds", func(t *testing.T) { testFeeds(t, open(t)) })
	t.Run("Taxonomy", func(t *testing.T) { testTaxonomy(t, open(t)) })
	t.Run("FindStories/AnySource", func(t *testing.T) { testAnySource(t, open(t)) })
	t.Run("Storylines", func(t *testing.T) { testStorylines(t, open(t)) })
	t.Run("Storylines/MergeSplit", func(t *testing.T) { testStorylineEdits(t, open(t)) })
}

// Article returns a test article whose URL and content derive from n.
func Article(n int) *news.Article {
	return &news.Article{
		URL:         fmt.Sprintf("https://example.org/news/%d", n),
		Source:      fmt.Sprintf("outlet%d.example", n%3),
		Title:       fmt.Sprintf("Headline number %d", n),
		Body:        fmt.Sprintf("Body of article %d.\n\nSecond paragraph.", n),
		Language:    "en",
		ContentHash: fmt.Sprintf("hash-%d", n),
		Published:   time.Date(2015, 11, 1, n, 0, 0, 0, time.UTC),
		Origin:      fmt.Sprintf("test:%d", n),
	}
}

// own assigns every article to a story of its own.
func own(fresh []*news.Article) (news.Clustering, error) {
	out := make([]news.Assignment, len(fresh))
	for i, a := range fresh {
		out[i] = news.Assignment{ArticleID: a.ID, StoryID: a.ID}
	}
	return news.Clustering{Assignments: out}, nil
}

func counts(t *testing.T, s news.Store) (articles, stories int) {
	t.Helper()
	ctx := t.Context()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping of an open store: %v", err)
	}
	a, err := s.CountArticles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.CountStories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return a, st
}

func testIdempotent(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	batch := func() []*news.Article { return []*news.Article{Article(1), Article(2), Article(3)} }
	res, err := s.SaveBatch(ctx, batch(), own)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 3 || res.Skipped != 0 {
		t.Fatalf("first save = %+v, want 3 created", res)
	}
	again := batch()
	res, err = s.SaveBatch(ctx, again, own)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 0 || res.Skipped != 3 {
		t.Fatalf("second save = %+v, want 3 skipped", res)
	}
	if again[0].ID == 0 || again[0].StoryID == 0 {
		t.Fatalf("skipped article not given its stored ID and story: %+v", again[0])
	}
	// Same URL, different content; and same content, different URL.
	a, b := Article(1), Article(2)
	a.ContentHash = "other"
	b.URL = "https://example.org/elsewhere"
	c := Article(4)
	c2 := Article(4) // repeated within one batch
	res, err = s.SaveBatch(ctx, []*news.Article{a, b, c, c2}, own)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Skipped != 3 {
		t.Fatalf("third save = %+v, want 1 created, 3 skipped", res)
	}
	if na, ns := counts(t, s); na != 4 || ns != 4 {
		t.Fatalf("counts = %d articles, %d stories; want 4, 4", na, ns)
	}
}

func testAssign(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	// Articles 4 and 5 have no publish date.
	arts := []*news.Article{Article(1), Article(2), Article(3), Article(4), Article(5)}
	arts[3].Published, arts[4].Published = time.Time{}, time.Time{}
	_, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		first := fresh[0].ID
		return news.Clustering{Assignments: []news.Assignment{
			{ArticleID: fresh[0].ID, StoryID: first},
			{ArticleID: fresh[1].ID, StoryID: first, DuplicateOf: first, Score: 0.9},
			{ArticleID: fresh[2].ID, StoryID: fresh[2].ID},
			{ArticleID: fresh[3].ID, StoryID: first},
			{ArticleID: fresh[4].ID, StoryID: fresh[4].ID},
		}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.FindStoryByID(ctx, arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 3 || st.Sources != 2 || st.Headline != arts[0].Title {
		t.Errorf("story = %+v, want 3 articles, 2 sources, headline %q", st, arts[0].Title)
	}
	// The span is its members' publish dates; the undated one's ingest
	// time does not stretch it.
	if !st.FirstSeen.Equal(arts[0].Published) || !st.LastSeen.Equal(arts[1].Published) {
		t.Errorf("story seen %v..%v, want %v..%v", st.FirstSeen, st.LastSeen, arts[0].Published, arts[1].Published)
	}
	// A story without any publish date spans its ingest times.
	if st, err := s.FindStoryByID(ctx, arts[4].ID); err != nil || st.FirstSeen.IsZero() || !st.FirstSeen.Equal(st.LastSeen) {
		t.Errorf("undated story: %+v, %v; want it seen at its ingest time", st, err)
	}
	got, err := s.FindArticleByID(ctx, arts[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.StoryID != arts[0].ID || got.DuplicateOf != arts[0].ID {
		t.Errorf("article 2 story=%d dup=%d, want %d, %d", got.StoryID, got.DuplicateOf, arts[0].ID, arts[0].ID)
	}
	members, n, err := s.FindArticles(ctx, news.ArticleFilter{StoryID: &st.ID})
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || len(members) != 3 {
		t.Errorf("members = %d (total %d), want 3", len(members), n)
	}
	h := "A better headline"
	if err := s.UpdateStory(ctx, st.ID, news.StoryUpdate{Headline: &h}); err != nil {
		t.Fatal(err)
	}
	if st, _ = s.FindStoryByID(ctx, st.ID); st.Headline != h {
		t.Errorf("headline = %q, want %q", st.Headline, h)
	}
	if err := s.UpdateStory(ctx, 999, news.StoryUpdate{Headline: &h}); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("UpdateStory(999) error code = %q, want %q", news.ErrorCode(err), news.ENOTFOUND)
	}
}

func testRollback(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	_, err := s.SaveBatch(ctx, []*news.Article{Article(1), Article(2)}, func([]*news.Article) (news.Clustering, error) {
		return news.Clustering{}, fmt.Errorf("boom")
	})
	if err == nil {
		t.Fatal("SaveBatch succeeded although assign failed")
	}
	if na, ns := counts(t, s); na != 0 || ns != 0 {
		t.Fatalf("after a failed batch: %d articles, %d stories; want none", na, ns)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.SaveBatch(cctx, []*news.Article{Article(1)}, own); err == nil {
		t.Fatal("SaveBatch succeeded on a cancelled context")
	}
	if na, _ := counts(t, s); na != 0 {
		t.Fatalf("after a cancelled batch: %d articles; want none", na)
	}
}

func testRoundTrip(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	a := Article(7)
	a.ExternalID, a.RawURL, a.Dateline, a.Byline = "x7", a.URL+"?utm_source=x", "LONDON (Reuters)", "By Jane Doe"
	a.LanguageSupported = true
	a.Removed = []news.Removal{{Reason: "comment-footer", Text: "Leave a comment"}}
	if _, err := s.SaveBatch(ctx, []*news.Article{a}, own); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindArticleByID(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ExternalID != a.ExternalID || got.URL != a.URL || got.RawURL != a.RawURL || got.Source != a.Source ||
		got.Title != a.Title || got.Body != a.Body || got.Dateline != a.Dateline || got.Byline != a.Byline ||
		!got.Published.Equal(a.Published) || got.Language != a.Language || !got.LanguageSupported ||
		got.ContentHash != a.ContentHash || got.Origin != a.Origin || got.StoryID != a.ID {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, a)
	}
	if len(got.Removed) != 1 || got.Removed[0] != a.Removed[0] {
		t.Errorf("removed = %+v, want %+v", got.Removed, a.Removed)
	}
	// Unknown publish time and URL stay unknown.
	b := Article(8)
	b.Published, b.URL = time.Time{}, ""
	if _, err := s.SaveBatch(ctx, []*news.Article{b}, own); err != nil {
		t.Fatal(err)
	}
	if got, err = s.FindArticleByID(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if !got.Published.IsZero() || got.URL != "" || got.IngestedAt.IsZero() {
		t.Errorf("published=%v url=%q ingested=%v; want zero, empty, set", got.Published, got.URL, got.IngestedAt)
	}
}

func testNotFound(t *testing.T, s news.Store) {
	defer s.Close()
	if _, err := s.FindArticleByID(t.Context(), 42); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("FindArticleByID(42) = %v, want code %q", err, news.ENOTFOUND)
	}
	if _, err := s.FindStoryByID(t.Context(), 42); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("FindStoryByID(42) = %v, want code %q", err, news.ENOTFOUND)
	}
}

// testStoryOrder checks both listing orders: undated stories come after
// dated ones however late they were ingested, the largest stories come
// first in OrderArticles over all stories, and cursors page through both.
func testStoryOrder(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	// Stories: 1 (3 articles, dated), 4 (1, dated, newest), 5 (2, undated),
	// 7 (1, undated).
	var arts []*news.Article
	for i := 1; i <= 7; i++ {
		a := Article(i)
		if i >= 5 {
			a.Published = time.Time{}
		}
		arts = append(arts, a)
	}
	storyOf := []int{0, 0, 0, 3, 4, 4, 6}
	_, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		var c news.Clustering
		for i, a := range fresh {
			c.Assignments = append(c.Assignments, news.Assignment{ArticleID: a.ID, StoryID: fresh[storyOf[i]].ID})
		}
		return c, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	id := func(i int) int64 { return arts[i].ID }
	for _, tc := range []struct {
		order news.StoryOrder
		want  []int64
	}{
		{news.OrderRecent, []int64{id(3), id(0), id(6), id(4)}},
		{news.OrderArticles, []int64{id(0), id(4), id(3), id(6)}},
	} {
		all, total, err := s.FindStories(ctx, news.StoryFilter{Order: tc.order})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, st := range all {
			got = append(got, st.ID)
			if st.Undated != (st.ID == id(4) || st.ID == id(6)) {
				t.Errorf("story %d: Undated = %v", st.ID, st.Undated)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != 4 {
			t.Errorf("order %d: stories %v of %d, want %v of 4", tc.order, got, total, tc.want)
		}
		// One story a page gives the same order.
		var paged []int64
		var after *news.StoryCursor
		for range 10 {
			page, _, err := s.FindStories(ctx, news.StoryFilter{Order: tc.order, Limit: 1, After: after})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			paged = append(paged, page[0].ID)
			c := news.CursorOf(page[0])
			after = &c
		}
		if fmt.Sprint(paged) != fmt.Sprint(tc.want) {
			t.Errorf("order %d: paged %v, want %v", tc.order, paged, tc.want)
		}
	}
}

// testSetHeadlines checks that headlines are stored by story, that an
// unknown story is passed over, and that a changed headline marks the
// story updated.
func testSetHeadlines(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	arts := []*news.Article{Article(1), Article(2)}
	if _, err := s.SaveBatch(ctx, arts, own); err != nil {
		t.Fatal(err)
	}
	before, err := s.FindStoryByID(ctx, arts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // the clock has millisecond steps
	err = s.SetHeadlines(ctx, map[int64]string{arts[0].ID: "Bridge collapses; four rescued", arts[1].ID: arts[1].Title, 999: "none"})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.FindStoryByID(ctx, arts[0].ID)
	b, _ := s.FindStoryByID(ctx, arts[1].ID)
	if a.Headline != "Bridge collapses; four rescued" || b.Headline != arts[1].Title {
		t.Errorf("headlines = %q, %q", a.Headline, b.Headline)
	}
	if !a.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("updated_at %v not after %v for a changed headline", a.UpdatedAt, before.UpdatedAt)
	}
	if err := s.SetHeadlines(ctx, nil); err != nil {
		t.Errorf("SetHeadlines(nil) = %v", err)
	}
}

func testStoryFilter(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	var arts []*news.Article
	for i := 1; i <= 6; i++ {
		arts = append(arts, Article(i))
	}
	if _, err := s.SaveBatch(ctx, arts, own); err != nil {
		t.Fatal(err)
	}
	all, total, err := s.FindStories(ctx, news.StoryFilter{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if total != 6 || len(all) != 2 || all[0].ID != arts[5].ID {
		t.Fatalf("FindStories(limit 2) = %d stories of %d, first %d; want 2 of 6, first %d", len(all), total, all[0].ID, arts[5].ID)
	}
	src := arts[0].Source
	_, total, err = s.FindStories(ctx, news.StoryFilter{Source: &src})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 {
		t.Errorf("stories from %s = %d, want 2", src, total)
	}
	// Cursor pagination walks every story once.
	seen := map[int64]bool{}
	var after *news.StoryCursor
	for page := 0; page < 10; page++ {
		got, total, err := s.FindStories(ctx, news.StoryFilter{Limit: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if total != 6 {
			t.Fatalf("total with cursor = %d, want 6", total)
		}
		if len(got) == 0 {
			break
		}
		for _, st := range got {
			if seen[st.ID] {
				t.Errorf("story %d listed twice", st.ID)
			}
			seen[st.ID] = true
		}
		c := news.CursorOf(got[len(got)-1])
		after = &c
	}
	if len(seen) != 6 {
		t.Errorf("cursor pages listed %d stories, want 6", len(seen))
	}
	lang := "de"
	if _, total, _ = s.FindStories(ctx, news.StoryFilter{Language: &lang}); total != 0 {
		t.Errorf("stories in %s = %d, want 0", lang, total)
	}
	q := "number 3"
	if got, _, err := s.FindStories(ctx, news.StoryFilter{Query: &q}); err != nil || len(got) != 1 || got[0].ID != arts[2].ID {
		t.Errorf("stories matching %q = %v, %v; want story %d", q, got, err, arts[2].ID)
	}
	srcs, err := s.FindSources(ctx)
	if err != nil || len(srcs) != 3 || srcs[0].Articles != 2 {
		t.Errorf("sources = %v, %v; want 3 outlets with 2 articles each", srcs, err)
	}
	since := arts[3].Published
	_, total, err = s.FindStories(ctx, news.StoryFilter{Since: &since, Source: &src})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Errorf("stories from %s since %v = %d, want 1", src, since, total)
	}
}

func testWalk(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	for i := 1; i <= 5; i++ {
		if _, err := s.SaveBatch(ctx, []*news.Article{Article(10 - i)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	var last int64
	n := 0
	if err := s.WalkArticles(ctx, func(a *news.Article) error {
		if a.ID <= last {
			t.Errorf("walk out of order: %d after %d", a.ID, last)
		}
		last = a.ID
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("walked %d articles, want 5", n)
	}
}

// saveOwn stores n articles, each in its own story, and returns them.
func saveOwn(t *testing.T, s news.Store, n int) []*news.Article {
	t.Helper()
	var arts []*news.Article
	for i := 1; i <= n; i++ {
		arts = append(arts, Article(i))
	}
	if _, err := s.SaveBatch(t.Context(), arts, own); err != nil {
		t.Fatal(err)
	}
	return arts
}

func testMerge(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	a := saveOwn(t, s, 3)
	if err := s.MergeStories(ctx, a[0].ID, a[1].ID); err != nil {
		t.Fatal(err)
	}
	st, err := s.FindStoryByID(ctx, a[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 {
		t.Errorf("survivor has %d articles, want 2", st.Articles)
	}
	gone, err := s.FindStoryByID(ctx, a[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if gone.MergedInto != a[0].ID {
		t.Errorf("merged story points to %d, want %d", gone.MergedInto, a[0].ID)
	}
	if _, n := counts(t, s); n != 2 {
		t.Errorf("%d live stories, want 2", n)
	}
	checkTotal(t, s, 2)
	// A chain: merging the survivor on keeps every pointer on a live story.
	if err := s.MergeStories(ctx, a[2].ID, a[0].ID); err != nil {
		t.Fatal(err)
	}
	if gone, _ = s.FindStoryByID(ctx, a[1].ID); gone.MergedInto != a[2].ID {
		t.Errorf("twice-merged story points to %d, want %d", gone.MergedInto, a[2].ID)
	}
	checkTotal(t, s, 1)
	for _, bad := range [][2]int64{{a[2].ID, a[2].ID}, {a[2].ID, a[1].ID}, {a[2].ID, 999}} {
		if err := s.MergeStories(ctx, bad[0], bad[1]); err == nil {
			t.Errorf("MergeStories(%d, %d) succeeded, want an error", bad[0], bad[1])
		}
	}
	ds, err := s.FindDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Kind != "merge" || ds[0].StoryID != a[0].ID || ds[0].OtherID != a[1].ID {
		t.Errorf("decisions = %+v, want two merges, the first %d<-%d", ds, a[0].ID, a[1].ID)
	}
	// A user's decision is positioned after every clustered article.
	for _, d := range ds {
		if d.Position != 3 {
			t.Errorf("decision %+v at position %d, want 3 (the clustered articles)", d, d.Position)
		}
	}
}

// checkTotal checks that an unfiltered listing, whose total of live
// stories the store may keep rather than count, lists want stories.
func checkTotal(t *testing.T, s news.Store, want int) {
	t.Helper()
	list, total, err := s.FindStories(t.Context(), news.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != want || len(list) != want {
		t.Errorf("listing: %d stories, total %d; want %d", len(list), total, want)
	}
}

func testSplit(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	arts := []*news.Article{Article(1), Article(2), Article(3)}
	_, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		var out []news.Assignment
		for _, a := range fresh {
			out = append(out, news.Assignment{ArticleID: a.ID, StoryID: fresh[0].ID, Explanation: []byte(`{"score":0.5}`)})
		}
		return news.Clustering{Assignments: out}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	story := arts[0].ID
	moved := []int64{arts[1].ID, arts[2].ID}
	if err := s.SplitStory(ctx, story, arts[0].ID, moved); err == nil {
		t.Error("split into the story's own ID succeeded")
	}
	if err := s.SplitStory(ctx, story, arts[1].ID, []int64{arts[0].ID, arts[1].ID, arts[2].ID}); err == nil {
		t.Error("split moving every article succeeded")
	}
	if err := s.SplitStory(ctx, story, arts[1].ID, moved); err != nil {
		t.Fatal(err)
	}
	st, err := s.FindStoryByID(ctx, arts[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 2 || st.Headline != arts[1].Title {
		t.Errorf("new story = %+v, want 2 articles headed %q", st, arts[1].Title)
	}
	if old, _ := s.FindStoryByID(ctx, story); old.Articles != 1 {
		t.Errorf("old story has %d articles, want 1", old.Articles)
	}
	checkTotal(t, s, 2)
	if a, _ := s.FindArticleByID(ctx, arts[2].ID); string(a.Explanation) != `{"score":0.5}` {
		t.Errorf("explanation = %q, want the stored JSON", a.Explanation)
	}
	ds, _ := s.FindDecisions(ctx)
	if len(ds) != 1 || ds[0].Kind != "split" || len(ds[0].ArticleIDs) != 2 {
		t.Errorf("decisions = %+v, want one split of two articles", ds)
	}
}

func testSearch(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	a, b := Article(1), Article(2)
	a.Title, a.Body = "Bridge collapses into the river", "Divers searched the river after the bridge collapsed on Tuesday."
	b.Title, b.Body = "Warehouse fire in Dunmore", "A fire destroyed a warehouse; the river was not affected."
	if _, err := s.SaveBatch(ctx, []*news.Article{a, b}, own); err != nil {
		t.Fatal(err)
	}
	search := func(text string, limit int, page news.SearchPage) news.SearchResult {
		t.Helper()
		res, err := s.SearchArticles(ctx, news.SearchQuery{Text: text, Limit: limit, Page: page})
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		return res
	}
	res := search("bridge, river!", 10, news.SearchPage{})
	if len(res.Hits) != 1 || res.Total != 1 || !res.TotalExact || res.Next != nil || res.Hits[0].ArticleID != a.ID || res.Hits[0].StoryID != a.ID {
		t.Fatalf("search bridge+river = %+v, want only article %d, no next page", res, a.ID)
	}
	if !strings.Contains(res.Hits[0].Snippet, news.MarkStart) {
		t.Errorf("snippet %q has no highlight", res.Hits[0].Snippet)
	}
	if res = search("RIVER", 10, news.SearchPage{}); len(res.Hits) != 2 || res.Total != 2 || res.Hits[0].ArticleID != a.ID {
		t.Errorf("search river = %+v; want both, the title match first", res)
	}
	// Pages of one hit each: the total counts both, the pages tile them.
	var paged []int64
	page := news.SearchPage{}
	for i := 0; ; i++ {
		res := search("river", 1, page)
		if res.Total != 2 || i > 2 {
			t.Fatalf("search river, page %d: %+v; want a total of 2 in two pages", i, res)
		}
		for _, h := range res.Hits {
			paged = append(paged, h.ArticleID)
		}
		if res.Next == nil {
			break
		}
		page = *res.Next
	}
	if fmt.Sprint(paged) != fmt.Sprint([]int64{a.ID, b.ID}) {
		t.Errorf("paged search = %v, want [%d %d]", paged, a.ID, b.ID)
	}
	if _, err := s.SearchArticles(ctx, news.SearchQuery{Text: " \"*( ", Limit: 10}); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("search of punctuation: %v, want code %s", err, news.EINVALID)
	}
	if _, err := s.SearchArticles(ctx, news.SearchQuery{Text: "river", Page: news.SearchPage{Hi: 1, Lo: 5}}); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("search from an empty tier: %v, want code %s", err, news.EINVALID)
	}

	// Tiers: with a newest tier of 2 articles, the newest matches come
	// first, best first within each tier; paging walks into older tiers
	// and the pages tile every match once.
	var more []*news.Article
	for i := range 6 {
		m := Article(10 + i)
		m.Title, m.Body = fmt.Sprintf("Tide report %d", i), "The river rose."
		if i == 4 {
			m.Title = "River flood warning" // the best match of the newest tier
		}
		more = append(more, m)
	}
	if _, err := s.SaveBatch(ctx, more, own); err != nil {
		t.Fatal(err)
	}
	var order []int64
	page = news.SearchPage{}
	for i := 0; ; i++ {
		res, err := s.SearchArticles(ctx, news.SearchQuery{Text: "river", Limit: 3, Page: page, FirstTier: 2})
		if err != nil || res.Total != 8 || !res.TotalExact || i > 3 {
			t.Fatalf("tiered search river, page %d: %+v, %v; want 8 matches in three pages", i, res, err)
		}
		for _, h := range res.Hits {
			order = append(order, h.ArticleID)
		}
		if res.Next == nil {
			break
		}
		page = *res.Next
	}
	// Tiers: {more[5], more[4]} (the title match first), then the 8 older
	// articles' tier holds the rest, a (title match) first.
	// Within a tier, after the headline matches, the newest first.
	want := []int64{more[4].ID, more[5].ID, a.ID, more[3].ID, more[2].ID, more[1].ID, more[0].ID, b.ID}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("tiered search order %v; want %v (newest tier, title match first; then the older tier, title match first, then newest first)", order, want)
	}
	seen := map[int64]bool{}
	for _, id := range order {
		if seen[id] {
			t.Errorf("tiered search returned %d twice: %v", id, order)
		}
		seen[id] = true
	}
}

// testBatchMerge checks that merges returned by the assign function move an
// older story's articles into the survivor within the batch's transaction,
// without recording a user decision, also from a batch with nothing new.
func testBatchMerge(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	first := []*news.Article{Article(1), Article(2)}
	if _, err := s.SaveBatch(ctx, first, own); err != nil {
		t.Fatal(err)
	}
	older, newer := first[0].ID, first[1].ID
	// A batch with nothing new still applies its merges (a final re-check).
	again := []*news.Article{Article(2)}
	_, err := s.SaveBatch(ctx, again, func(fresh []*news.Article) (news.Clustering, error) {
		if len(fresh) != 0 {
			t.Errorf("assign got %d new articles, want 0", len(fresh))
		}
		return news.Clustering{Merges: []news.Merge{{Survivor: older, Merged: newer, Position: 2}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountStories(ctx); n != 1 {
		t.Errorf("CountStories = %d, want 1 after a batch of nothing new merged two", n)
	}
	third := []*news.Article{Article(3)}
	_, err = s.SaveBatch(ctx, third, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{
			Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: fresh[0].ID}},
			Merges:      []news.Merge{{Survivor: older, Merged: fresh[0].ID, Position: 3}},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountStories(ctx); n != 1 {
		t.Errorf("CountStories = %d, want 1 after merging all three", n)
	}
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.StoryID != older {
			t.Errorf("article %d in story %d, want the survivor %d", a.ID, a.StoryID, older)
		}
	}
	if st, err := s.FindStoryByID(ctx, newer); err != nil || st.MergedInto != older {
		t.Errorf("merged story: %+v, %v; want MergedInto %d", st, err, older)
	}
	ds, err := s.FindDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []news.Decision{
		{Kind: "auto-merge", StoryID: older, OtherID: newer, Position: 2},
		{Kind: "auto-merge", StoryID: older, OtherID: third[0].ID, Position: 3},
	}
	if len(ds) != len(want) {
		t.Fatalf("decisions %+v, want %+v", ds, want)
	}
	for i := range want {
		if d := ds[i]; d.Kind != want[i].Kind || d.StoryID != want[i].StoryID || d.OtherID != want[i].OtherID || d.Position != want[i].Position {
			t.Errorf("decision %d = %+v, want %+v", i, d, want[i])
		}
	}
}

// testBatchSplit checks that splits returned by the assign function move
// articles out into a new story in the batch's transaction, in their
// order among the merges, recorded as "auto-split" decisions.
func testBatchSplit(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	first := []*news.Article{Article(1), Article(2), Article(3), Article(4)}
	_, err := s.SaveBatch(ctx, first, func(fresh []*news.Article) (news.Clustering, error) {
		var c news.Clustering
		for _, a := range fresh {
			c.Assignments = append(c.Assignments, news.Assignment{ArticleID: a.ID, StoryID: fresh[0].ID})
		}
		return c, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	story := first[0].ID
	// Article 5 starts a story that a re-check merges into the first, and a
	// later re-check splits it off with articles 3 and 4: the split holds
	// an article the merge brought, so it must come after the merge.
	var moved []int64
	fifth := []*news.Article{Article(5)}
	_, err = s.SaveBatch(ctx, fifth, func(fresh []*news.Article) (news.Clustering, error) {
		moved = []int64{first[2].ID, first[3].ID, fresh[0].ID}
		return news.Clustering{
			Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: fresh[0].ID}},
			Merges:      []news.Merge{{Survivor: story, Merged: fresh[0].ID, Position: 5}},
			Splits:      []news.Split{{Story: story, New: first[2].ID, Articles: moved, After: 1, Position: 5}},
		}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := s.CountStories(ctx); n != 2 {
		t.Errorf("CountStories = %d, want 2 after the split", n)
	}
	arts, _, err := s.FindArticles(ctx, news.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		want := story
		if slices.Contains(moved, a.ID) {
			want = first[2].ID
		}
		if a.StoryID != want {
			t.Errorf("article %d in story %d, want %d", a.ID, a.StoryID, want)
		}
	}
	if st, err := s.FindStoryByID(ctx, first[2].ID); err != nil || st.Articles != 3 {
		t.Errorf("split-off story: %+v, %v; want 3 articles", st, err)
	}
	ds, err := s.FindDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 || ds[0].Kind != "auto-merge" || ds[1].Kind != "auto-split" || ds[1].StoryID != story || ds[1].OtherID != first[2].ID ||
		len(ds[1].ArticleIDs) != 3 || ds[1].Position != 5 {
		t.Errorf("decisions %+v, want an auto-merge then an auto-split of %d into %d at position 5", ds, story, first[2].ID)
	}
	// A split the store cannot apply fails the batch, which leaves nothing.
	sixth := []*news.Article{Article(6)}
	_, err = s.SaveBatch(ctx, sixth, func(fresh []*news.Article) (news.Clustering, error) {
		return news.Clustering{
			Assignments: []news.Assignment{{ArticleID: fresh[0].ID, StoryID: fresh[0].ID}},
			Splits:      []news.Split{{Story: story, New: first[2].ID, Articles: []int64{first[2].ID}}},
		}, nil
	})
	if err == nil {
		t.Error("a batch whose split names an article of another story succeeded")
	}
	if n, _ := s.CountStories(ctx); n != 2 {
		t.Errorf("CountStories = %d after a failed batch, want 2", n)
	}
}

// testFeeds checks a store's news.FeedStore, when it has one.
func testFeeds(t *testing.T, s news.Store) {
	defer s.Close()
	fs, ok := s.(news.FeedStore)
	if !ok {
		t.Skip("store keeps no feeds")
	}
	ctx := t.Context()
	f := &news.Feed{URL: "https://a.example/rss", Interval: time.Hour}
	if err := fs.AddFeed(ctx, f); err != nil || f.ID == 0 {
		t.Fatalf("AddFeed: %v, ID %d", err, f.ID)
	}
	if err := fs.AddFeed(ctx, &news.Feed{URL: f.URL}); news.ErrorCode(err) != news.ECONFLICT {
		t.Errorf("second AddFeed: %v, want %s", err, news.ECONFLICT)
	}
	next := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	f.ETag, f.Failures, f.LastError, f.NextPoll, f.Title = `"v1"`, 2, "boom", next, "A"
	if err := fs.UpdateFeed(ctx, f); err != nil {
		t.Fatal(err)
	}
	feeds, err := fs.FindFeeds(ctx)
	if err != nil || len(feeds) != 1 {
		t.Fatalf("FindFeeds: %v, %d feeds", err, len(feeds))
	}
	if g := feeds[0]; g.ETag != `"v1"` || g.Failures != 2 || g.LastError != "boom" || !g.NextPoll.Equal(next) || g.Interval != time.Hour || g.Title != "A" {
		t.Errorf("feed after update %+v", g)
	}
	items := []*news.FeedItem{
		{FeedID: f.ID, GUID: "g2", URL: "https://a.example/2", State: news.ItemPending, Attempts: 1, NextTry: next},
		{FeedID: f.ID, GUID: "g1", URL: "https://a.example/1", State: news.ItemDone, Attempts: 1},
	}
	if err := fs.SaveFeedItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	items[0].State, items[0].Attempts = news.ItemDone, 2
	if err := fs.SaveFeedItems(ctx, items[:1]); err != nil {
		t.Fatal(err)
	}
	got, err := fs.FindFeedItems(ctx, f.ID, []string{"g2", "nope"})
	if err != nil || len(got) != 1 || got[0].State != news.ItemDone || got[0].Attempts != 2 {
		t.Errorf("FindFeedItems(g2): %+v, %v", got, err)
	}
	if all, _ := fs.FindFeedItems(ctx, f.ID, nil); len(all) != 2 || all[0].GUID != "g2" {
		t.Errorf("all items %+v, want both in insertion order", all)
	}
	if err := fs.RemoveFeed(ctx, "https://nope.example/"); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("RemoveFeed(unknown): %v", err)
	}
	if err := fs.RemoveFeed(ctx, fmt.Sprint(f.ID)); err != nil {
		t.Fatal(err)
	}
	if feeds, _ := fs.FindFeeds(ctx); len(feeds) != 0 {
		t.Errorf("%d feeds after remove", len(feeds))
	}
	if all, _ := fs.FindFeedItems(ctx, f.ID, nil); len(all) != 0 {
		t.Errorf("%d items left after remove", len(all))
	}
}

// testTaxonomy checks that a taxonomy round-trips in order and that
// SetSourceValues validates, adds and removes values.
func testTaxonomy(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	empty, err := s.FindTaxonomy(ctx)
	if err != nil || len(empty.Dimensions) != 0 || len(empty.Sources) != 0 {
		t.Fatalf("FindTaxonomy on a new store: %+v, %v; want an empty taxonomy", empty, err)
	}
	want := &news.Taxonomy{
		Dimensions: []news.Dimension{
			{Name: "lean", Order: []string{"left", "center", "right"}},
			{Name: "type"},
		},
		Sources: []news.SourceValues{
			{Name: "b.example", Aliases: []string{"B News", "*.b.example"}, Values: map[string]string{"lean": "right", "type": "wire"}},
			{Name: "a.example", Values: map[string]string{"lean": "left"}},
		},
	}
	if err := s.SaveTaxonomy(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindTaxonomy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := fmt.Sprint(*got), fmt.Sprint(*want); g != w {
		t.Errorf("FindTaxonomy = %s\nwant %s", g, w)
	}
	// By alias, case-insensitive; a value normalised to the scale's spelling.
	if err := s.SetSourceValues(ctx, "b news", map[string]string{"lean": "CENTER", "type": ""}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSourceValues(ctx, "c.example", map[string]string{"type": "local"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string]string{{"lean": "far-left"}, {"owner": "x"}} {
		if err := s.SetSourceValues(ctx, "a.example", bad); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("SetSourceValues(%v) = %v, want %s", bad, err, news.EINVALID)
		}
	}
	got, err = s.FindTaxonomy(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantSources := "[{b.example [B News *.b.example] map[lean:center]} {a.example [] map[lean:left]} {c.example [] map[type:local]}]"
	if g := fmt.Sprint(got.Sources); g != wantSources {
		t.Errorf("after SetSourceValues: %s\nwant %s", g, wantSources)
	}
	if err := s.SaveTaxonomy(ctx, &news.Taxonomy{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FindTaxonomy(ctx); len(got.Dimensions)+len(got.Sources) != 0 {
		t.Errorf("taxonomy not replaced by an empty one: %+v", got)
	}
}

// testAnySource checks StoryFilter.AnySource.
func testAnySource(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	var arts []*news.Article
	for n := range 6 {
		arts = append(arts, Article(n))
	}
	if _, err := s.SaveBatch(ctx, arts, own); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sources []string
		want    int
	}{
		{nil, 6},
		{[]string{}, 0},
		{[]string{"outlet1.example"}, 2},
		{[]string{"outlet1.example", "outlet2.example", "nope"}, 4},
	} {
		stories, total, err := s.FindStories(ctx, news.StoryFilter{AnySource: tc.sources})
		if err != nil || total != tc.want || len(stories) != tc.want {
			t.Errorf("AnySource %q: %d stories, total %d, %v; want %d", tc.sources, len(stories), total, err, tc.want)
		}
	}
}

// testStorylines stores storylines with a batch and reads them back: on
// stories, as pages of storylines, one storyline's stories in time order,
// the warm-start map, and through merges and splits.
func testStorylines(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	// Articles 1..5, each its own story; stories 1, 3 and 4 form
	// storyline 1, 2 and 5 their own. Article 4 is dated before article 3.
	arts := []*news.Article{Article(1), Article(2), Article(5), Article(3), Article(6)}
	arts[1].Title = "Second storyline, only story"
	_, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		c, _ := own(fresh)
		lineOf := []int{0, 1, 0, 0, 4}
		for i, a := range fresh {
			c.Storylines = append(c.Storylines, news.StorylineAssignment{StoryID: a.ID, StorylineID: fresh[lineOf[i]].ID,
				Explanation: []byte(fmt.Sprintf(`{"storyline":%d}`, fresh[lineOf[i]].ID))})
		}
		return c, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	id := func(i int) int64 { return arts[i].ID }
	st, err := s.FindStoryByID(ctx, id(2))
	if err != nil {
		t.Fatal(err)
	}
	if st.StorylineID != id(0) {
		t.Errorf("story %d storyline = %d, want %d", id(2), st.StorylineID, id(0))
	}
	lines, total, err := s.FindStorylines(ctx, news.StorylineFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(lines) != 3 {
		t.Fatalf("FindStorylines = %d of %d, want 3 of 3", len(lines), total)
	}
	// Most recently active first: storyline 5 (06:00), then 1 (05:00), then 2.
	if lines[0].ID != id(4) || lines[1].ID != id(0) || lines[2].ID != id(1) {
		t.Errorf("order = %d, %d, %d; want %d, %d, %d", lines[0].ID, lines[1].ID, lines[2].ID, id(4), id(0), id(1))
	}
	if l := lines[1]; l.Stories != 3 || l.Articles != 3 || !l.FirstSeen.Equal(arts[0].Published) || !l.LastSeen.Equal(arts[2].Published) {
		t.Errorf("storyline 1 = %+v, want 3 stories, 3 articles, 01:00..05:00", l)
	}
	if lines[2].Headline != "Second storyline, only story" {
		t.Errorf("headline = %q", lines[2].Headline)
	}
	if page, total, _ := s.FindStorylines(ctx, news.StorylineFilter{Limit: 1, Offset: 1}); total != 3 || len(page) != 1 || page[0].ID != id(0) {
		t.Errorf("second page of one = %v (total %d), want storyline %d", page, total, id(0))
	}
	l, err := s.FindStorylineByID(ctx, id(0))
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, m := range l.Members {
		got = append(got, m.ID)
		if m.StorylineID != id(0) || len(m.SourceNames) == 0 {
			t.Errorf("member %+v: want storyline %d and sources", m, id(0))
		}
	}
	if want := []int64{id(0), id(3), id(2)}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("members = %v, want %v (time order)", got, want)
	}
	if l.Stories != 3 || l.Articles != 3 {
		t.Errorf("storyline = %+v, want 3 stories and 3 articles", l)
	}
	if _, err := s.FindStorylineByID(ctx, 999999); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("unknown storyline: err = %v, want ENOTFOUND", err)
	}
	ids, err := s.FindStorylineIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 5 || ids[id(3)] != id(0) || ids[id(1)] != id(1) {
		t.Errorf("FindStorylineIDs = %v", ids)
	}
	ex, err := s.FindStorylineExplanation(ctx, id(2))
	if err != nil || string(ex) != fmt.Sprintf(`{"storyline":%d}`, id(0)) {
		t.Errorf("explanation = %q, %v", ex, err)
	}
	if _, err := s.FindStorylineExplanation(ctx, 999999); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("explanation of an unknown story: err = %v, want ENOTFOUND", err)
	}
	// A merged story leaves its storyline's count; a story split off by a
	// user stays in the old story's storyline.
	if err := s.MergeStories(ctx, id(0), id(3)); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.FindStorylineByID(ctx, id(0)); l == nil || l.Stories != 2 || l.Articles != 3 {
		t.Errorf("after merge: %+v, want 2 stories of 3 articles", l)
	}
	if err := s.SplitStory(ctx, id(0), id(3), []int64{id(3)}); err != nil {
		t.Fatal(err)
	}
	if st, _ := s.FindStoryByID(ctx, id(3)); st == nil || st.StorylineID != id(0) {
		t.Errorf("split-off story = %+v, want storyline %d", st, id(0))
	}
}

// testStorylineEdits: users merge two storylines and split stories out of
// one; the moved stories' explanations say so.
func testStorylineEdits(t *testing.T, s news.Store) {
	defer s.Close()
	ctx := t.Context()
	arts := []*news.Article{Article(1), Article(2), Article(3), Article(4)}
	// Stories 1, 2 in storyline 1; 3, 4 in storyline 3.
	_, err := s.SaveBatch(ctx, arts, func(fresh []*news.Article) (news.Clustering, error) {
		c, _ := own(fresh)
		for i, a := range fresh {
			c.Storylines = append(c.Storylines, news.StorylineAssignment{StoryID: a.ID, StorylineID: fresh[i/2*2].ID})
		}
		return c, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	id := func(i int) int64 { return arts[i].ID }
	if err := s.MergeStorylines(ctx, id(0), id(0)); news.ErrorCode(err) != news.EINVALID {
		t.Errorf("merge into itself: %v, want EINVALID", err)
	}
	if err := s.MergeStorylines(ctx, id(0), 999999); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("merge of an unknown storyline: %v, want ENOTFOUND", err)
	}
	if err := s.MergeStorylines(ctx, id(0), id(2)); err != nil {
		t.Fatal(err)
	}
	if l, err := s.FindStorylineByID(ctx, id(0)); err != nil || l.Stories != 4 {
		t.Fatalf("after merge: %+v, %v; want 4 stories", l, err)
	}
	if _, err := s.FindStorylineByID(ctx, id(2)); news.ErrorCode(err) != news.ENOTFOUND {
		t.Errorf("merged storyline still found: %v", err)
	}
	if ex, _ := s.FindStorylineExplanation(ctx, id(3)); !strings.Contains(string(ex), "merged into") {
		t.Errorf("explanation after merge = %s", ex)
	}
	for _, bad := range [][]int64{{}, {id(0)}, {id(1), id(1)}, {id(1), 999999}, {id(0), id(1), id(2), id(3)}} {
		if _, err := s.SplitStoryline(ctx, id(0), bad); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("split of %v: %v, want EINVALID", bad, err)
		}
	}
	if _, err := s.SplitStoryline(ctx, 999999, []int64{id(1)}); news.ErrorCode(err) == "" || err == nil {
		t.Errorf("split of an unknown storyline succeeded")
	}
	newID, err := s.SplitStoryline(ctx, id(0), []int64{id(3), id(2)})
	if err != nil {
		t.Fatal(err)
	}
	if newID != id(2) {
		t.Errorf("new storyline %d, want the oldest story moved, %d", newID, id(2))
	}
	l, err := s.FindStorylineByID(ctx, id(2))
	if err != nil || l.Stories != 2 {
		t.Fatalf("split-off storyline = %+v, %v; want 2 stories", l, err)
	}
	if l, _ := s.FindStorylineByID(ctx, id(0)); l == nil || l.Stories != 2 {
		t.Errorf("old storyline = %+v, want 2 stories left", l)
	}
	ids, _ := s.FindStorylineIDs(ctx)
	if ids[id(3)] != id(2) || ids[id(1)] != id(0) {
		t.Errorf("storylines after split = %v", ids)
	}
}
