package server

import (
	"net/http"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// sourceList is the response of GET /api/v1/sources.
type sourceList struct {
	Sources []sourceEntry `json:"sources"`
}

// sourceEntry is an outlet with its values in the outlet taxonomy.
type sourceEntry struct {
	*news.Source
	Values map[string]string `json:"values"`
}

func (s *Server) handleAPISourceIndex(w http.ResponseWriter, r *http.Request) error {
	sources, err := s.store.FindSources(r.Context())
	if err != nil {
		return err
	}
	tv, err := s.loadTaxonomy(r.Context())
	if err != nil {
		return err
	}
	list := sourceList{Sources: []sourceEntry{}}
	for _, src := range sources {
		e := sourceEntry{Source: src, Values: map[string]string{}}
		if v := tv.m.Values(src.Name); v != nil {
			e.Values = v
		}
		list.Sources = append(list.Sources, e)
	}
	writeJSONCached(w, r, "src", list, time.Time{})
	return nil
}

// sourceIndexPage lists every outlet.
type sourceIndexPage struct {
	layout
	Sources []*news.Source
}

func (s *Server) handleSourceIndexPage(w http.ResponseWriter, r *http.Request) error {
	sources, err := s.store.FindSources(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, pageSourceIndex, sourceIndexPage{layout: layout{Title: "Sources"}, Sources: sources})
}

// sourcePage is one outlet: its values in the outlet taxonomy, how many
// stories it reported and how often it alone did, its latest stories and
// articles.
type sourcePage struct {
	layout
	Name     string
	Articles int
	// Values are the outlet's taxonomy values, in dimension order; Entry
	// names the taxonomy entry that gives them ("" when none does).
	Values []dimValue
	Entry  string
	// StoryCount counts the stories it has an article in; Alone those
	// of them no other outlet reports, among the latest Counted.
	StoryCount, Alone, Counted int
	Stories                    []*news.Story
	Recent                     []*news.Article
}

// dimValue is one dimension's value.
type dimValue struct {
	Dimension, Value string
}

// soleOutletScan bounds how many of a source's stories its page examines
// to count those it alone reports.
const soleOutletScan = 5000

// sourcePageSize is how many stories and articles a source page lists.
const sourcePageSize = 20

func (s *Server) handleSourcePage(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	ctx := r.Context()
	// The newest articles: find the total first, then the last page.
	_, total, err := s.store.FindArticles(ctx, news.ArticleFilter{Source: &name, Limit: 1})
	if err != nil {
		return err
	}
	if total == 0 {
		return news.Errorf(news.ENOTFOUND, "No articles from %q.", name)
	}
	recent, _, err := s.store.FindArticles(ctx, news.ArticleFilter{Source: &name, Limit: sourcePageSize, Offset: max(total-sourcePageSize, 0)})
	if err != nil {
		return err
	}
	for i, j := 0, len(recent)-1; i < j; i, j = i+1, j-1 {
		recent[i], recent[j] = recent[j], recent[i]
	}
	all, storyCount, err := s.store.FindStories(ctx, news.StoryFilter{Source: &name, Limit: soleOutletScan})
	if err != nil {
		return err
	}
	data := sourcePage{
		layout: layout{Title: name}, Name: name, Articles: total, StoryCount: storyCount, Counted: len(all),
		Stories: all[:min(len(all), sourcePageSize)], Recent: recent,
	}
	for _, st := range all {
		if st.Sources == 1 {
			data.Alone++
		}
	}
	tv, err := s.loadTaxonomy(ctx)
	if err != nil {
		return err
	}
	if sv, ok := tv.m.Lookup(name); ok {
		data.Entry = sv.Name
		for _, d := range tv.taxonomy().Dimensions {
			if v := sv.Values[d.Name]; v != "" {
				data.Values = append(data.Values, dimValue{Dimension: d.Name, Value: v})
			}
		}
	}
	return s.render(w, r, http.StatusOK, pageSource, data)
}
