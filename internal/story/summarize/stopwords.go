package summarize

// stopwords are function words. A concept (bigram) made only of them
// carries no content and is ignored.
var stopwords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range []string{
		"a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
		"are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
		"but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
		"for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
		"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
		"itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
		"off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
		"same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs",
		"them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
		"too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
		"which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
		"yourself", "yourselves", "s", "t", "said", "say", "says", "mr", "mrs", "ms", "one",
		"would", "may", "might", "must", "shall", "since", "yet", "however", "among", "per",
		"whether", "within", "without", "upon", "onto", "via", "like", "us", "much", "many",
		"told", "tell", "according", "including", "another", "every", "either", "neither",
		"ago", "around", "still", "even", "ever", "already", "though", "although", "unless",
		"re",
		"ll", "ve", "d", "m", "don", "didn", "doesn", "isn", "wasn", "aren", "weren", "won",
		"wouldn", "couldn", "shouldn", "hasn", "haven", "hadn", "monday", "tuesday",
		"wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
	} {
		m[w] = true
	}
	return m
}()
