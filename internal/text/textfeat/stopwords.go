package textfeat

// IsStopword reports whether the lower-case word w carries no topic:
// function words, and the verbs and fillers every news report uses.
func IsStopword(w string) bool { return stopwords[w] }

var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range stopwordList {
		m[w] = true
	}
	return m
}()

var stopwordList = []string{
	"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren", "as", "at",
	"be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
	"can", "cannot", "could", "couldn", "did", "didn", "do", "does", "doesn", "doing", "don", "down", "during",
	"each", "either", "else", "ever", "every", "few", "for", "from", "further",
	"had", "hadn", "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however",
	"i", "if", "in", "into", "is", "isn", "it", "its", "itself", "just", "least", "less", "let", "like", "ll",
	"may", "me", "might", "more", "most", "much", "must", "mustn", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or", "other", "others", "ought", "our", "ours", "ourselves", "out", "over", "own",
	"per", "quite", "rather", "re", "s", "said", "same", "say", "says", "shall", "shan", "she", "should", "shouldn", "since", "so", "some", "such",
	"t", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too",
	"under", "until", "up", "upon", "us", "ve", "very", "via", "was", "wasn", "we", "were", "weren", "what", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "won", "would", "wouldn",
	"yet", "you", "your", "yours", "yourself", "yourselves",
	"d", "m", "o", "y", "ain", "mr", "mrs", "ms", "according", "told", "tell", "get", "got", "go", "going", "went", "make", "made", "many", "well", "still", "even", "back", "new", "year", "years",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow", "week", "day", "days", "time",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
	"am", "pm", "et", "gmt", "edt", "est", "cst", "pst", "pdt", "cdt", "updated", "posted", "published", "read", "click", "share", "advertisement", "photo", "video", "copyright", "reserved", "rights",
}
