package summarize

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// syntheticStory returns n articles of about 30 sentences each that draw
// their words from one story vocabulary, so they share many concepts.
func syntheticStory(n int) []Document {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := strings.Fields(`flood barrier river town homes council engineers pumps mayor rain
		shelters schools residents police bridge road water level emergency minister report
		evacuated failed warned rebuild damage insurance streets night morning officials army
		rescue boats hospital power cuts forecast storm week village farmers crops cattle`)
	glue := strings.Fields("the a of in on at to and after before said with by from for")
	docs := make([]Document, n)
	for i := range docs {
		var b strings.Builder
		for s := 0; s < 30; s++ {
			words := 12 + r.IntN(20)
			for w := 0; w < words; w++ {
				if w > 0 {
					b.WriteByte(' ')
				}
				var word string
				if w%3 == 1 {
					word = glue[r.IntN(len(glue))]
				} else {
					word = vocab[r.IntN(len(vocab))]
				}
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				b.WriteString(word)
			}
			b.WriteString(".")
			if s%3 == 2 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		docs[i] = Document{ID: int64(i + 1), Source: fmt.Sprintf("outlet-%d", i%17), Title: "Flood in town " + vocab[i%len(vocab)], Text: b.String()}
	}
	return docs
}

func BenchmarkSummarize(b *testing.B) {
	for _, n := range []int{10, 50} {
		docs := syntheticStory(n)
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) {
			if sum := Summarize(docs, Options{}); len(sum.Sentences) == 0 || sum.Words > DefaultWords {
				b.Fatalf("Summarize: %d sentences, %d words", len(sum.Sentences), sum.Words)
			}
			b.ReportAllocs()
			for b.Loop() {
				Summarize(docs, Options{})
			}
		})
	}
}

func BenchmarkHeadline(b *testing.B) {
	docs := syntheticStory(50)
	if Headline(docs) == "" {
		b.Fatal("empty headline")
	}
	b.ReportAllocs()
	for b.Loop() {
		Headline(docs)
	}
}
