package headline

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

func TestLead(t *testing.T) {
	long := strings.Repeat("Police said the fire spread fast. ", 100)
	tests := []struct {
		name, body string
		want       func(string) bool
	}{
		{"short body kept whole", "One sentence.", func(s string) bool { return s == "One sentence." }},
		{"long body cut after a sentence", long, func(s string) bool {
			return len(s) <= LeadBytes && strings.HasSuffix(s, "fast.")
		}},
		{"paragraph end preferred", strings.Repeat("a", LeadBytes*3/4) + "\n\n" + long, func(s string) bool {
			return len(s) == LeadBytes*3/4
		}},
		{"no boundary: valid UTF-8", strings.Repeat("é", LeadBytes), func(s string) bool {
			return len(s) <= LeadBytes && utf8.ValidString(s)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := lead(tc.body); !tc.want(got) {
				t.Errorf("lead gave %d bytes ending %q", len(got), got[max(0, len(got)-20):])
			}
		})
	}
}

// TestOf_FirstMembers: members beyond the first MaxMembers do not move the
// headline, however many they are.
func TestOf_FirstMembers(t *testing.T) {
	var members []*news.Article
	for i := range MaxMembers {
		members = append(members, &news.Article{ID: int64(i + 1), Source: "a.example", Title: "Fire destroys Waitrose store in Wellington", Body: "A fire destroyed the Waitrose store in Wellington on Monday, firefighters said."})
	}
	want := Of(members)
	for i := range 3 * MaxMembers {
		members = append(members, &news.Article{ID: int64(MaxMembers + i + 1), Source: "b.example", Title: "Council votes on new budget plan", Body: "The council voted on a new budget plan on Tuesday."})
	}
	if got := Of(members); got != want || want == "" {
		t.Errorf("Of = %q, want %q", got, want)
	}
}
