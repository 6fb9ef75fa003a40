package clean

import "strings"

// ReasonPlaceholder marks an article that is not news but a page a crawler
// or a site put where the article should have been: an archive's
// placeholder, "page not found", a sign-up confirmation. Such articles are
// stored (ingest loses nothing) but kept out of stories.
const ReasonPlaceholder = "placeholder-page"

// placeholderPhrases are lower-case phrases that only placeholder pages
// say. Video-player lines ("Please enable Javascript to watch this video")
// are not among them: short real reports open with them. Any one of them marks a page whose text is short; the archive's
// own placeholder marks a page of any length.
var placeholderPhrases = []string{
	"page not found", "page cannot be found", "page could not be found", "404 not found",
	"error 404", "the page you requested", "the page you are looking for",
	"this page is no longer available", "content is no longer available",
	"we have sent a confirmation email", "access denied", "you don't have permission to access",
	"are you a robot", "checking your browser before accessing",
}

// archivePlaceholder is the Internet Archive's text where a crawl has no
// page ("Starting in 1996, Alexa Internet has been donating their crawl
// data to the Internet Archive…").
var archivePlaceholder = []string{"alexa internet has been donating their crawl data", "wayback machine after an embargo period"}

// placeholderMaxWords is the longest text the phrases mark: a real
// article may quote "access denied" or "page not found".
const placeholderMaxWords = 80

// Placeholder returns the phrase that marks an article as a placeholder
// page, or "" for an article that may be news.
func Placeholder(title, body string) string {
	low := strings.ToLower(title + "\n" + body)
	for _, p := range archivePlaceholder {
		if strings.Contains(low, p) {
			return p
		}
	}
	if len(strings.Fields(low)) > placeholderMaxWords {
		return ""
	}
	for _, p := range placeholderPhrases {
		if strings.Contains(low, p) {
			return p
		}
	}
	return ""
}
