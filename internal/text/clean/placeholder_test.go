package clean

import (
	"strings"
	"testing"
)

func TestPlaceholder(t *testing.T) {
	long := strings.Repeat("The council met on Monday to discuss the budget. ", 20)
	for _, tc := range []struct {
		name, title, body string
		want              bool
	}{
		{"Archive", "", "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing in every day, these data are added to the Wayback Machine after an embargo period.", true},
		{"ArchiveInLongText", "Shooting", long + " Starting in 1996, alexa internet has been donating their crawl data to the internet archive.", true},
		{"NotFound", "Page Not Found", "Sorry, the page you requested could not be found.", true},
		{"Confirmation", "We have sent a confirmation email to {* data_emailAddress *}", "Please check your email.", true},
		{"VideoLine", "3 dead, 1 wounded in shooting at suburban apartment", "Please enable Javascript to watch this video\n\nST CHARLES, Ill. -- Three people were killed and one wounded in a shooting at an apartment complex.", false},
		{"News", "Four rescued after bridge falls", "Four people were rescued after a bridge fell into the harbour on Monday.", false},
		// A long article that quotes a phrase is news.
		{"QuotesPhrase", "Hackers hit city website", long + ` Visitors saw "access denied" for hours.`, false},
	} {
		if got := Placeholder(tc.title, tc.body) != ""; got != tc.want {
			t.Errorf("%s: Placeholder = %v, want %v", tc.name, got, tc.want)
		}
	}
}
