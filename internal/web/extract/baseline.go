package extract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/markusmobius/go-trafilatura"
)

var _ Extractor = (*Baseline)(nil)

// Baseline extracts articles with go-trafilatura alone and its default
// options: what a plain user of the library gets from
// trafilatura.Extract(r, trafilatura.Options{EnableFallback: b.Fallback}), or, with Fallback set,
// from the library's own command line (which turns EnableFallback on by
// default). Its Text is the library's ContentText unchanged (one line,
// no paragraphs). It exists to measure Storyline's rules against
// (storyline eval extract --baseline). The zero value is ready to use,
// and it is safe for concurrent use.
type Baseline struct {
	// Fallback sets the library's EnableFallback option: it then compares
	// its result with go-readability's and go-domdistiller's.
	Fallback bool
}

// NewBaseline returns the go-trafilatura baseline with the library's
// default Options.
func NewBaseline() *Baseline { return &Baseline{} }

// Extract reads an HTML page from r (at most [MaxBytes]) and runs
// go-trafilatura on it with its default options.
func (b *Baseline) Extract(ctx context.Context, r io.Reader, pageURL string) (*Page, error) {
	page, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("extract: read page: %w", err)
	}
	return b.ExtractHTML(ctx, page, pageURL, "")
}

// ExtractHTML runs go-trafilatura with its default options (and
// EnableFallback when b.Fallback is set) on page.
// pageURL and contentType are not used: the library's defaults do not
// take them.
func (b *Baseline) ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (p *Page, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(page) > MaxBytes {
		return nil, ErrTooLarge
	}
	// See runTrafilatura: a panic in the library is its bug, reported as
	// an error here.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("extract: go-trafilatura panicked: %v", r)
		}
	}()
	res, err := trafilatura.Extract(bytes.NewReader(page), trafilatura.Options{EnableFallback: b.Fallback})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	text := strings.TrimSpace(res.ContentText)
	if text == "" {
		return nil, ErrNoArticle
	}
	return &Page{
		Title:        res.Metadata.Title,
		Text:         text,
		Author:       res.Metadata.Author,
		Published:    res.Metadata.Date,
		Language:     res.Metadata.Language,
		CanonicalURL: res.Metadata.URL,
		SiteName:     res.Metadata.Sitename,
		ImageURL:     res.Metadata.Image,
	}, nil
}
