package synthesis

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/eval"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

func kindsByName(es []news.Entity) map[string]string {
	m := map[string]string{}
	for _, e := range es {
		m[e.Name] = e.Kind
	}
	return m
}

func TestEntities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		title string
		body  string
		want  map[string]string // name -> kind; "" means the name must not be listed
	}{
		{
			name:  "people by given name, age and title",
			title: "Four killed in shooting at Tulsa apartment",
			body: "Police identified the victims as 53-year-old Kathryn Burton and Aaron T. Cross, 41, of Tulsa.\n\n" +
				"Tulsa Police Officer Jillian Roberson said the gunman fled. Roberson said officers searched the area.\n\n" +
				"Sgt. Ezekiel Mbatha of the Tulsa Police Department said the investigation was continuing.",
			want: map[string]string{"Kathryn Burton": news.EntityPerson, "Aaron T. Cross": news.EntityPerson,
				"Jillian Roberson": news.EntityPerson, "Ezekiel Mbatha": news.EntityPerson,
				"Tulsa Police Department": news.EntityOrg, "Tulsa": news.EntityPlace, "Roberson": ""},
		},
		{
			name:  "places by gazetteer, abbreviation and street words",
			title: "Gunman opens fire at Ft. Lauderdale airport",
			body: "A gunman opened fire in the baggage claim of Terminal 2 at the airport in Ft. Lauderdale, Fla., on Friday.\n\n" +
				"Witnesses said travelers ran onto Griffin Road. The suspect had flown in from Anchorage, Alaska.",
			want: map[string]string{"Fort Lauderdale": news.EntityPlace, "Florida": news.EntityPlace,
				"Griffin Road": news.EntityPlace, "Anchorage": news.EntityPlace, "Alaska": news.EntityPlace,
				"Terminal": "", "Ft": "", "Witnesses": ""},
		},
		{
			name:  "organisations by head word, acronym and context",
			title: "Agency says Waitrose store fire was arson",
			body: "The fire at the Waitrose store was started deliberately, the Surrey Fire and Rescue Service said.\n\n" +
				"The NYPD and the University of Louisville were not involved, a spokesman for the Department of Children and Families said.",
			want: map[string]string{"Waitrose": news.EntityOrg, "NYPD": news.EntityOrg,
				"University of Louisville": news.EntityOrg, "Department of Children and Families": news.EntityOrg},
		},
		{
			name:  "words that are not names",
			title: "Sheriff's deputy shot and killed",
			body: "Sadly, the deputy died on Saturday. Authorities said a Canadian man was held after the Christmas party.\n\n" +
				"Investigators said the man had no record.",
			want: map[string]string{"Sadly": "", "Authorities": "", "Canadian": news.EntityOther, "Christmas": news.EntityOther, "Saturday": ""},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := kindsByName(allEntities([]*news.Article{{ID: 1, Source: "s", Title: tc.title, Body: tc.body}}))
			for name, want := range tc.want {
				kind, ok := got[name]
				switch {
				case want == "" && ok && kind != news.EntityOther:
					t.Errorf("%q listed as %s, want not listed", name, kind)
				case want != "" && kind != want:
					t.Errorf("%q is %q, want %q (all: %v)", name, kind, want, got)
				}
			}
		})
	}
}

// TestEntities_Examples checks the entities of the seed example: Islamic
// State is an organisation, Iran a place, Assad a person.
func TestEntities_Examples(t *testing.T) {
	arts := examples(t)
	got := kindsByName(allEntities(arts))
	for name, want := range map[string]string{"Islamic State": news.EntityOrg, "Iran": news.EntityPlace, "Assad": news.EntityPerson,
		"Syria": news.EntityPlace, "Homs": news.EntityPlace, "Maheen": news.EntityPlace, "Walid Muallem": news.EntityPerson} {
		if got[name] != want {
			t.Errorf("%q is %q, want %q", name, got[name], want)
		}
	}
}

// TestEntities_FortLauderdale checks the story of the Fort Lauderdale
// airport shooting in GVA dev (issue 14): the gunman and a victim are
// people, "Terminal" and "Ft" are not places.
func TestEntities_FortLauderdale(t *testing.T) {
	dir := os.Getenv("STORYLINE_BENCH")
	if dir == "" {
		t.Skip("STORYLINE_BENCH not set")
	}
	recs, err := eval.ReadClusterFile(filepath.Join(dir, "cluster", "gva-dev.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []*news.Article
	for _, r := range recs {
		if r.Event != "gva-743995" {
			continue
		}
		a, err := pipeline.Prepare(ingest.Item{Origin: "gva-dev", Format: ingest.FormatJSONL, ExternalID: r.ID, Title: r.Title, Text: r.Text, Source: r.Source, Date: r.Date, URL: r.URL})
		if err != nil {
			t.Fatal(err)
		}
		a.ID = int64(len(arts) + 1)
		arts = append(arts, a)
	}
	if len(arts) < 10 {
		t.Fatalf("%d articles of gva-743995, want the Fort Lauderdale story", len(arts))
	}
	got := kindsByName(entities(arts))
	for name, want := range map[string]string{"Esteban Santiago": news.EntityPerson, "Terry Andres": news.EntityPerson,
		"Fort Lauderdale": news.EntityPlace, "Terminal": "", "Ft": ""} {
		kind, ok := got[name]
		switch {
		case want == "" && ok && kind != news.EntityOther:
			t.Errorf("%q listed as %s", name, kind)
		case want != "" && kind != want:
			t.Errorf("%q is %q, want %q", name, kind, want)
		}
	}
	if testing.Verbose() {
		for _, e := range allEntities(arts) {
			t.Logf("%-40s %-12s %d", e.Name, e.Kind, e.Count)
		}
	}
}

// BenchmarkEntities measures the entities of a synthetic 50-article story.
func BenchmarkEntities(b *testing.B) {
	arts := story50()
	if es := entities(arts); len(es) == 0 {
		b.Fatal("no entities")
	}
	b.ReportAllocs()
	for b.Loop() {
		entities(arts)
	}
}

// FuzzEntities checks that any title and body give entities with a name
// and one of the four kinds, without panicking.
func FuzzEntities(f *testing.F) {
	f.Add("Gunman opens fire at Ft. Lauderdale airport", "Sgt. Chris Estes of the DeLand Police Department said Aaron T. Cross, 41, of Malibu, Calif., was shot on West 96th Street.")
	f.Add("", "Pittsburgh's Bloomfield. St. 117th St Ft. Olga M. Woltering of Georgia, aka E, 35,")
	f.Add("A", "Mr. . , IN Ga. 1st Street of and")
	f.Fuzz(func(t *testing.T, title, body string) {
		for _, e := range allEntities([]*news.Article{{ID: 1, Source: "s", Title: title, Body: body}}) {
			if e.Name == "" || e.Count < 1 {
				t.Errorf("entity %+v", e)
			}
			switch e.Kind {
			case news.EntityPerson, news.EntityOrg, news.EntityPlace, news.EntityOther:
			default:
				t.Errorf("entity %q has kind %q", e.Name, e.Kind)
			}
		}
	})
}
