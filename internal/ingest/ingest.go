// Package ingest reads articles from files, folders and standard input
// into raw items, before any normalisation or cleaning.
//
// Inputs are plain text (.txt, .text, .md), JSON (.json: one object or an
// array of objects), JSON Lines (.jsonl, .ndjson) and HTML (.html, .htm),
// each optionally gzip-compressed. A file with another extension, and
// standard input, is recognised by its content: "[" or "{" starts JSON (or
// JSON Lines when the first line is a whole object), "<" starts HTML, and
// anything else is plain text. Gzip is recognised by its magic bytes too.
//
// A bad file or line is reported as an [*ItemError] and skipped; reading
// goes on with the rest.
package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
)

// Item is one article as found in the input, before normalisation and
// cleaning.
type Item struct {
	// Origin names where the item was read: "path/to/file.jsonl:12" (the
	// line for JSON Lines, the element number for JSON arrays), the path
	// for other files, "stdin" or "stdin:3" for standard input.
	Origin     string
	Format     string // FormatText, FormatJSON, FormatJSONL, FormatHTML or FormatWARC
	ExternalID string
	// Title is "" when the input gives none; plain text leaves it empty and
	// passes the whole text, and cleaning decides the title.
	Title string
	// Text is plain text, paragraphs separated by blank lines (HTML is
	// already converted to text).
	Text     string
	URL      string // as given (for HTML: <link rel=canonical>, else og:url)
	Source   string // as given (for HTML: og:site_name)
	Date     string // as given (for HTML: article:published_time and the like)
	Language string // as given, if any (for HTML: the lang attribute)
}

// Input formats, as found in Item.Format.
const (
	FormatText  = "text"
	FormatJSON  = "json"
	FormatJSONL = "jsonl"
	FormatHTML  = "html"
	FormatWARC  = "warc" // web archive: one item per archived HTML page
)

// ItemError is a problem with one file or line; reading continues after
// it.
type ItemError struct {
	Path string
	Line int // 0 when the problem concerns the whole file
	Err  error
}

// Error returns "path:line: reason", or "path: reason" when Line is 0.
func (e *ItemError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying error.
func (e *ItemError) Unwrap() error { return e.Err }

// Errors reported in ItemError.Err.
var (
	// ErrEmpty is reported for an article with neither text nor title.
	ErrEmpty = errors.New("empty article")
	// ErrLineTooLong is reported for a JSON Lines line longer than
	// Options.MaxLineBytes.
	ErrLineTooLong = errors.New("line too long")
	// ErrTooLarge is reported for a document larger than
	// Options.MaxDocBytes.
	ErrTooLarge = errors.New("document too large")
	// ErrFileTooLarge is reported for an input that yields more than
	// Options.MaxFileBytes after decompression; what came before the
	// limit is read.
	ErrFileTooLarge = errors.New("input too large")
	// ErrNoStdin is reported for "-" when Options.Stdin is nil.
	ErrNoStdin = errors.New("no standard input")
	// ErrNothing is reported for an input that holds no article and no
	// error: an empty JSON Lines file, an archive without HTML pages.
	ErrNothing = errors.New("no articles in it")
	// ErrNotRegular is reported for a path that is neither a regular
	// file, a folder, nor a symbolic link to one: a named pipe, a device,
	// a socket.
	ErrNotRegular = errors.New("not a regular file")
	// ErrBinary is reported for content that is not text: control
	// characters, NUL bytes (a program, an image, random bytes).
	ErrBinary = errors.New("binary content, not text")
	// ErrEncoding is reported for text that is not valid UTF-8 and not a
	// legacy single-byte encoding either (UTF-8 with broken sequences).
	ErrEncoding = errors.New("invalid UTF-8")
)

// Defaults for Options.
const (
	// DefaultMaxDocBytes caps one document: a text or HTML file, a JSON
	// object, a JSON Lines line, an archived page, after decompression.
	DefaultMaxDocBytes = 10 << 20
	// DefaultMaxFileBytes caps what one input yields after
	// decompression.
	DefaultMaxFileBytes = 4 << 30
)

// Options configure a Reader. The zero value is usable.
type Options struct {
	// Stdin is read for the path "-"; nil makes "-" an error.
	Stdin io.Reader
	// StdinName names standard input in origins and errors; "" means
	// "stdin".
	StdinName string
	// MaxLineBytes caps one JSON Lines line; 0 means twice MaxDocBytes
	// (JSON escapes text).
	MaxLineBytes int
	// MaxDocBytes caps one document (a text, HTML or JSON file, a JSON
	// object, an archived page, and the text and title of a JSON Lines
	// item) after decompression; 0 means DefaultMaxDocBytes.
	MaxDocBytes int64
	// MaxFileBytes caps what one input (a file, standard input) yields
	// after decompression, counted while it is read; 0 means
	// DefaultMaxFileBytes.
	MaxFileBytes int64
}

// Reader reads inputs into items. Progress may be called from another
// goroutine while Read runs; Read itself must not be called concurrently.
type Reader struct {
	opts  Options
	done  atomic.Int64
	total atomic.Int64
}

// NewReader returns a Reader with the given options.
func NewReader(opts Options) *Reader {
	if opts.MaxDocBytes <= 0 {
		opts.MaxDocBytes = DefaultMaxDocBytes
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = int(min(2*opts.MaxDocBytes, 1<<30))
	}
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	if opts.StdinName == "" {
		opts.StdinName = "stdin"
	}
	return &Reader{opts: opts}
}

// Progress returns how many bytes of input files Read has consumed so far
// and their total size (compressed sizes for gzip files). Standard input
// counts towards done but not total. It is safe to call concurrently with
// Read.
func (r *Reader) Progress() (done, total int64) {
	return r.done.Load(), r.total.Load()
}

// input is one file to read.
type input struct {
	path string // "-" for stdin
	size int64
	err  error // reported in turn instead of reading
}

// Read reads paths in order: files, folders (recursively, in lexical
// order, skipping hidden files and folders and the folder's own README,
// LICENSE and the like) and "-" for standard input. It
// calls fn for each item and onErr (when not nil) for each bad file or
// line. It stops at and returns fn's first error, or ctx's error when ctx
// is done.
func (r *Reader) Read(ctx context.Context, paths []string, fn func(Item) error, onErr func(*ItemError)) error {
	if onErr == nil {
		onErr = func(*ItemError) {}
	}
	r.done.Store(0)
	r.total.Store(0)
	inputs := r.list(paths)
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if in.err != nil {
			onErr(&ItemError{Path: in.path, Err: in.err})
			continue
		}
		if err := r.readInput(ctx, in, fn, onErr); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// list expands paths into files and adds up their sizes. Paths that cannot
// be read (missing, unreadable, not a regular file, a symbolic link loop)
// become inputs that carry their error, so that errors are reported in
// input order.
func (r *Reader) list(paths []string) []input {
	var inputs []input
	var total int64
	for _, p := range paths {
		if p == "-" {
			inputs = append(inputs, input{path: "-"})
			continue
		}
		info, err := os.Stat(p) // follows symbolic links
		switch {
		case err != nil:
			inputs = append(inputs, input{path: p, err: unwrapPathError(err)})
		case info.IsDir():
			var found []input
			seen := map[string]bool{}
			walk(p, seen, &found)
			sort.SliceStable(found, func(i, j int) bool { return found[i].path < found[j].path })
			for _, in := range found {
				total += in.size
			}
			inputs = append(inputs, found...)
		case !info.Mode().IsRegular():
			inputs = append(inputs, input{path: p, err: notRegular(info.Mode())})
		default:
			inputs = append(inputs, input{path: p, size: info.Size()})
			total += info.Size()
		}
	}
	r.total.Store(total)
	return inputs
}

// walk adds the files under folder dir to found, following symbolic links
// to files and folders; seen holds the real paths of the folders walked,
// so that a link back to one (a loop) is reported, not followed.
func walk(dir string, seen map[string]bool, found *[]input) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		*found = append(*found, input{path: dir, err: unwrapPathError(err)})
		return
	}
	if real, err = filepath.Abs(real); err == nil && seen[real] {
		*found = append(*found, input{path: dir, err: errors.New("symbolic link loop: folder already read, skipped")})
		return
	}
	seen[real] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		*found = append(*found, input{path: dir, err: unwrapPathError(err)})
	}
	for _, d := range entries {
		if strings.HasPrefix(d.Name(), ".") {
			continue // hidden files and folders
		}
		if folderDoc(d.Name()) {
			continue // the folder's own documentation, not an article
		}
		path := filepath.Join(dir, d.Name())
		info, err := os.Stat(path) // follows symbolic links
		switch {
		case err != nil:
			if d.Type()&fs.ModeSymlink != 0 {
				err = fmt.Errorf("broken symbolic link: %w", unwrapPathError(err))
			}
			*found = append(*found, input{path: path, err: unwrapPathError(err)})
		case info.IsDir():
			walk(path, seen, found)
		case !info.Mode().IsRegular():
			*found = append(*found, input{path: path, err: notRegular(info.Mode())})
		default:
			*found = append(*found, input{path: path, size: info.Size()})
		}
	}
}

// folderDoc reports whether a file found in a folder documents the folder
// rather than holding articles (README.md, LICENSE, CHANGELOG.txt...): a
// README beside a collection of articles is not one of them. Walking a
// folder skips these; a path given by name is always read.
func folderDoc(name string) bool {
	base := strings.ToUpper(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	switch base {
	case "README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG", "CHANGES", "AUTHORS", "CONTRIBUTING":
		return true
	}
	return false
}

// notRegular says what kind of file a path that cannot be read is.
func notRegular(m fs.FileMode) error {
	kind := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeCharDevice != 0:
		kind = "character device"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Errorf("%w (%s), skipped", ErrNotRegular, kind)
}

// unwrapPathError drops the path from an *fs.PathError, since ItemError
// already names it.
func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// countingReader adds the bytes read to a counter.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// readInput opens one file (or stdin) and reads its items. An input that
// yields neither an item nor an error is reported as ErrNothing.
func (r *Reader) readInput(ctx context.Context, in input, fn func(Item) error, onErr func(*ItemError)) error {
	name := in.path
	var src io.Reader
	if in.path == "-" {
		name = r.opts.StdinName
		if r.opts.Stdin == nil {
			onErr(&ItemError{Path: name, Err: ErrNoStdin})
			return nil
		}
		src = ctxReader{ctx, r.opts.Stdin}
	} else {
		f, err := openRegular(in.path)
		if err != nil {
			onErr(&ItemError{Path: name, Err: err})
			return nil
		}
		defer f.Close()
		src = f
	}
	start := r.done.Load()
	defer func() {
		// Count the whole file as done, even when reading stopped early
		// on a bad gzip stream or a too-large document.
		if in.size > 0 {
			r.done.Store(max(r.done.Load(), start+in.size))
		}
	}()
	yielded := false
	countFn := func(it Item) error { yielded = true; return fn(it) }
	countErr := func(e *ItemError) {
		yielded = true
		if ctx.Err() != nil && errors.Is(e.Err, ctx.Err()) {
			return // cancelled: not a problem with the input
		}
		onErr(e)
	}
	format := formatOf(in.path)
	err := r.readStream(ctx, name, format, countingReader{src, &r.done}, countFn, countErr)
	if err == nil && !yielded && ctx.Err() == nil {
		onErr(&ItemError{Path: name, Err: ErrNothing})
	}
	return err
}

// openRegular opens a file for reading without blocking (a named pipe
// would block until a writer comes) and refuses anything but a regular
// file.
func openRegular(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, unwrapPathError(err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, notRegular(info.Mode())
	}
	return f, nil
}

// ctxReader ends a read when ctx is done, even one that blocks (standard
// input from a terminal or a pipe with no writer): the read goes on in a
// goroutine left behind, which matters only when the process is ending.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, len(p))
	done := make(chan result, 1)
	go func() {
		n, err := c.r.Read(buf)
		done <- result{n, err}
	}()
	select {
	case res := <-done:
		copy(p, buf[:res.n])
		return res.n, res.err
	case <-c.ctx.Done():
		return 0, c.ctx.Err()
	}
}

// limitReader fails with ErrFileTooLarge once more than n bytes were read.
type limitReader struct {
	r     io.Reader
	n     int64 // bytes left
	limit int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n < 0 {
		return 0, fmt.Errorf("%w: more than %d bytes after decompression", ErrFileTooLarge, l.limit)
	}
	if int64(len(p)) > l.n+1 {
		p = p[:l.n+1]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if l.n < 0 {
		return n, fmt.Errorf("%w: more than %d bytes after decompression", ErrFileTooLarge, l.limit)
	}
	return n, err
}

// formatOf returns the format implied by the file name, or "" when the
// content must decide. A ".gz" suffix is looked through.
func formatOf(path string) string {
	if path == "-" {
		return ""
	}
	base := strings.ToLower(filepath.Base(path))
	base = strings.TrimSuffix(base, ".gz")
	switch filepath.Ext(base) {
	case ".txt", ".text", ".md":
		return FormatText
	case ".json":
		return FormatJSON
	case ".jsonl", ".ndjson":
		return FormatJSONL
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".warc", ".arc":
		return FormatWARC
	}
	return ""
}

// readStream reads the items of one input. name is used in origins and
// errors; format is "" to sniff the content.
func (r *Reader) readStream(ctx context.Context, name, format string, src io.Reader, fn func(Item) error, onErr func(*ItemError)) error {
	br := bufio.NewReaderSize(src, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			onErr(&ItemError{Path: name, Err: fmt.Errorf("gzip: %w", err)})
			return nil
		}
		defer zr.Close()
		br = bufio.NewReaderSize(&limitReader{r: zr, n: r.opts.MaxFileBytes, limit: r.opts.MaxFileBytes}, 64<<10)
	} else {
		br = bufio.NewReaderSize(&limitReader{r: br, n: r.opts.MaxFileBytes, limit: r.opts.MaxFileBytes}, 64<<10)
	}
	if format == "" {
		format = sniff(br)
	}
	if format != FormatWARC && format != FormatHTML {
		// Text formats: a program, an image or random bytes is refused
		// once, whole, rather than line by line.
		if head, _ := br.Peek(8 << 10); isBinary(head) {
			onErr(&ItemError{Path: name, Err: ErrBinary})
			return nil
		}
	}
	switch format {
	case FormatJSONL:
		return r.readJSONL(ctx, name, br, fn, onErr)
	case FormatJSON:
		return r.readJSON(ctx, name, br, fn, onErr)
	case FormatHTML:
		return r.readHTML(name, br, fn, onErr)
	case FormatWARC:
		return r.readWARC(ctx, name, br, fn, onErr)
	default:
		return r.readText(name, br, fn, onErr)
	}
}

// sniff tells the format from the first byte that is not white space, or
// from the "WARC/" version line of a web archive.
func sniff(br *bufio.Reader) string {
	if head, _ := br.Peek(5); string(head) == "WARC/" {
		return FormatWARC
	}
	c, ok := firstByte(br)
	switch {
	case !ok:
		return FormatText
	case c == '{' || c == '[':
		return FormatJSON
	case c == '<':
		return FormatHTML
	}
	return FormatText
}

var bom = []byte("\xef\xbb\xbf")

// emit checks an item and hands it to fn.
func (r *Reader) emit(item Item, name string, line int, fn func(Item) error, onErr func(*ItemError)) error {
	if strings.TrimSpace(item.Text) == "" && strings.TrimSpace(item.Title) == "" {
		onErr(&ItemError{Path: name, Line: line, Err: ErrEmpty})
		return nil
	}
	if n := int64(len(item.Text) + len(item.Title)); n > r.opts.MaxDocBytes {
		onErr(&ItemError{Path: name, Line: line, Err: fmt.Errorf("%w: %d bytes of text, more than %d", ErrTooLarge, n, r.opts.MaxDocBytes)})
		return nil
	}
	return fn(item)
}

// readAll reads a whole document, up to the size limit.
func (r *Reader) readAll(name string, src io.Reader, onErr func(*ItemError)) ([]byte, bool) {
	b, err := io.ReadAll(io.LimitReader(src, r.opts.MaxDocBytes+1))
	if err != nil {
		onErr(&ItemError{Path: name, Err: readError(err)})
		return nil, false
	}
	if int64(len(b)) > r.opts.MaxDocBytes {
		onErr(&ItemError{Path: name, Err: fmt.Errorf("%w: more than %d bytes", ErrTooLarge, r.opts.MaxDocBytes)})
		return nil, false
	}
	return b, true
}

// readError describes a failure to read an input: the limit it reached,
// or the broken stream.
func readError(err error) error {
	if errors.Is(err, ErrFileTooLarge) {
		return err
	}
	return fmt.Errorf("read: %w", err)
}
