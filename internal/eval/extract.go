package eval

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/storyline-news/storyline/internal/web/extract"
)

// ExtractOptions tunes RunExtract.
type ExtractOptions struct {
	// Write, when not nil, receives one JSON line {"id", "text"} per page
	// with the extracted body.
	Write io.Writer
	// Extractor is the extractor measured; nil means [extract.New].
	Extractor interface {
		ExtractHTML(ctx context.Context, page []byte, pageURL, contentType string) (*extract.Page, error)
	}
	// System names the extractor in the report; "" means "storyline".
	System string
}

// ExtractReport is the outcome of an extraction benchmark run.
type ExtractReport struct {
	// Folder is the benchmark folder's base name, System the extractor's
	// name (ExtractOptions.System).
	Folder    string  `json:"folder"`
	System    string  `json:"system"`
	Pages     int     `json:"pages"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	// PagesPerSecond counts extraction time only (not reading the files).
	PagesPerSecond float64 `json:"pages_per_second"`
	// Failed counts pages the extractor returned an error for; they are
	// scored as an empty body.
	Failed int `json:"failed"`
}

// ExtractTruth is one entry of the benchmark's ground-truth.json.
type ExtractTruth struct {
	ArticleBody string `json:"articleBody"`
	URL         string `json:"url"`
}

// ExtractPage is one benchmark page: its ID (the hash naming its file),
// the raw HTML and the truth.
type ExtractPage struct {
	ID    string
	HTML  []byte
	Truth ExtractTruth
}

// ReadExtractDir reads an extraction benchmark folder: ground-truth.json
// and html/<id>.html.gz. Pages are sorted by ID.
func ReadExtractDir(dir string) ([]ExtractPage, error) {
	b, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		return nil, fmt.Errorf("eval: read extract truth: %w", err)
	}
	var truth map[string]ExtractTruth
	if err := json.Unmarshal(b, &truth); err != nil {
		return nil, fmt.Errorf("eval: parse %s: %w", filepath.Join(dir, "ground-truth.json"), err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pages := make([]ExtractPage, 0, len(ids))
	for _, id := range ids {
		h, err := readGzipFile(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("eval: read extract page %s: %w", id, err)
		}
		pages = append(pages, ExtractPage{ID: id, HTML: h, Truth: truth[id]})
	}
	return pages, nil
}

func readGzipFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

// RunExtract extracts every page of the benchmark folder dir and scores
// the bodies against the truth with [ShingleMatch] and [ExtractScores].
// A page the extractor fails on counts as an empty body.
func RunExtract(ctx context.Context, dir string, opt ExtractOptions) (ExtractReport, error) {
	pages, err := ReadExtractDir(dir)
	if err != nil {
		return ExtractReport{}, err
	}
	ex := opt.Extractor
	if ex == nil {
		ex = extract.New()
	}
	var enc *json.Encoder
	if opt.Write != nil {
		enc = json.NewEncoder(opt.Write)
		enc.SetEscapeHTML(false)
	}
	rep := ExtractReport{Folder: filepath.Base(filepath.Clean(dir)), System: opt.System, Pages: len(pages)}
	if rep.System == "" {
		rep.System = "storyline"
	}
	counts := make([]ShingleCounts, 0, len(pages))
	var spent time.Duration
	for _, pg := range pages {
		if err := ctx.Err(); err != nil {
			return ExtractReport{}, err
		}
		start := time.Now()
		p, err := ex.ExtractHTML(ctx, pg.HTML, pg.Truth.URL, "")
		spent += time.Since(start)
		text := ""
		if err != nil {
			if ctx.Err() != nil {
				return ExtractReport{}, ctx.Err()
			}
			rep.Failed++
		} else {
			text = p.Text
		}
		counts = append(counts, ShingleMatch(pg.Truth.ArticleBody, text))
		if enc != nil {
			if err := enc.Encode(struct {
				ID   string `json:"id"`
				Text string `json:"text"`
			}{pg.ID, text}); err != nil {
				return ExtractReport{}, fmt.Errorf("eval: write extracted text: %w", err)
			}
		}
	}
	rep.Precision, rep.Recall, rep.F1 = ExtractScores(counts)
	if s := spent.Seconds(); s > 0 {
		rep.PagesPerSecond = float64(len(pages)) / s
	}
	return rep, nil
}
