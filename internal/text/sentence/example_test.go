package sentence_test

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/text/sentence"
)

func ExampleSplit() {
	text := `HOMS, Syria (Reuters) - Mr. Smith met U.N. envoys on Jan. 5. "It went well," he said. Then he left.`
	for _, s := range sentence.Split(text) {
		fmt.Printf("%d-%d %s\n", s.Start, s.End, s.Text)
	}
	// Output:
	// 0-60 HOMS, Syria (Reuters) - Mr. Smith met U.N. envoys on Jan. 5.
	// 61-85 "It went well," he said.
	// 86-99 Then he left.
}
