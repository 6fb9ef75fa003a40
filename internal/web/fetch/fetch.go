// Package fetch is Storyline's one HTTP client for the open web. It is
// polite (robots.txt, one request at a time per host with a delay between
// them, a clear User-Agent, conditional GET, backoff on 429 and 5xx) and
// defensive (timeouts everywhere, a body size cap, a redirect limit, and a
// guard that refuses private and cloud-metadata addresses after DNS
// resolution and on every redirect).
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Errors a fetch can fail with, wrapped in an [*Error] naming the URL.
var (
	ErrPrivateAddress   = errors.New("fetch: refusing to connect to a non-public address")
	ErrTooLarge         = errors.New("fetch: body exceeds the size limit")
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	ErrRobots           = errors.New("fetch: disallowed by robots.txt")
	ErrContentType      = errors.New("fetch: unsupported content type")
	ErrEncoding         = errors.New("fetch: badly encoded body")
	ErrScheme           = errors.New("fetch: only http and https URLs are fetched")
	// ErrRetryLater means the server asked (Retry-After) for a longer
	// pause than Config.MaxRetryAfter; the error also holds the
	// *StatusError with the wait asked for.
	ErrRetryLater = errors.New("fetch: server asks to retry later")
)

// Error is a failed fetch of one URL.
type Error struct {
	URL string
	Err error
}

func (e *Error) Error() string { return "fetch " + e.URL + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// StatusError is a response with an unexpected HTTP status, after retries.
type StatusError struct {
	StatusCode int
	// RetryAfter is what the server asked to wait, when it said.
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("fetch: HTTP status %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

// Conditional holds validators from an earlier fetch of the same URL.
// With either set, an unchanged resource answers 304 and Fetch returns a
// Response with NotModified set and no body.
type Conditional struct {
	ETag         string
	LastModified string
}

// Response is a fetched resource.
type Response struct {
	// URL is the final URL, after redirects.
	URL        string
	StatusCode int
	// NotModified is set when the server answered 304 to a conditional
	// request; Body is then empty.
	NotModified bool
	// ContentType is the media type, lower-cased, without parameters.
	ContentType string
	// Charset names the encoding the body was sent in; HTML bodies are
	// decoded to UTF-8.
	Charset string
	Body    []byte
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
	FetchedAt    time.Time
}

// Kind says what a fetch is for, and so which content types it accepts.
type Kind int

// Kinds of fetches.
const (
	// Page accepts HTML (text/html, application/xhtml+xml) and decodes
	// it to UTF-8.
	Page Kind = iota
	// Feed accepts RSS, Atom, RDF and JSON Feed documents (XML or JSON
	// types) and returns the bytes as sent.
	Feed
)

// Fetcher fetches URLs. It is safe for concurrent use; requests to the same
// host wait for each other.
type Fetcher struct {
	cfg    Config
	client *http.Client
	log    *slog.Logger

	mu    sync.Mutex
	hosts map[string]*host
}

// host is the politeness state of one host.
type host struct {
	slot   chan struct{} // holds a token while a request to the host runs
	last   time.Time     // start of the last request
	robots *robots       // cached robots.txt, nil before the first fetch
}

// New returns a Fetcher for cfg.
func New(cfg Config) (*Fetcher, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	f := &Fetcher{cfg: cfg, hosts: make(map[string]*host), log: cfg.Logger}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	dialer := &net.Dialer{Timeout: cfg.DialTimeout, KeepAlive: 30 * time.Second, Control: f.control}
	transport := &http.Transport{
		Proxy:                 nil, // a proxy would dial for us and bypass the address guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.TLSHandshakeTimeout,
		ResponseHeaderTimeout: cfg.HeaderTimeout,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
		// Compression stays on: the transport asks for gzip and
		// decompresses, and the size cap applies to what it yields.
	}
	f.client = &http.Client{
		Transport: transport,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > cfg.MaxRedirects {
				return ErrTooManyRedirects
			}
			return f.checkURL(req.URL)
		},
	}
	return f, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// checkURL refuses schemes other than http(s) and literal addresses that
// are not allowed (hostnames are checked when dialling, after DNS).
func (f *Fetcher) checkURL(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return ErrScheme
	}
	if u.Hostname() == "" {
		return errors.New("fetch: URL has no host")
	}
	if a, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && !f.allowed(a) {
		return fmt.Errorf("%w: %s", ErrPrivateAddress, a)
	}
	return nil
}

// Fetch fetches an HTML page; it is FetchKind with Page.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string, cond Conditional) (*Response, error) {
	return f.FetchKind(ctx, rawURL, Page, cond)
}

// FetchKind fetches rawURL for the given kind of use. It obeys robots.txt,
// waits its turn for the host, follows redirects, and retries 429, 5xx and
// network errors with backoff. Every error is an [*Error] naming the URL
// and wrapping one of this package's Err values, a [*StatusError], or the
// network error. A 304 answer to a conditional request is not an error.
func (f *Fetcher) FetchKind(ctx context.Context, rawURL string, kind Kind, cond Conditional) (*Response, error) {
	resp, err := f.fetch(ctx, rawURL, kind, cond)
	if err != nil {
		return nil, &Error{URL: rawURL, Err: err}
	}
	return resp, nil
}

func (f *Fetcher) fetch(ctx context.Context, rawURL string, kind Kind, cond Conditional) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if err := f.checkURL(u); err != nil {
		return nil, err
	}
	u.Fragment = ""
	h := f.host(u.Host)
	for attempt := 0; ; attempt++ {
		resp, retryAfter, err := f.attempt(ctx, h, u, kind, cond)
		if err == nil || !retryable(err) || attempt >= f.cfg.MaxRetries {
			return resp, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		wait := f.cfg.RetryBase << attempt
		if retryAfter > 0 {
			wait = retryAfter
		}
		f.log.Info("fetch: retrying", "url", rawURL, "attempt", attempt+1, "wait", wait, "error", err)
		if err := f.cfg.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// retryable tells whether a failed attempt is worth repeating.
func retryable(err error) bool {
	if errors.Is(err, ErrRetryLater) {
		return false
	}
	if se, ok := errors.AsType[*StatusError](err); ok {
		return se.StatusCode == http.StatusTooManyRequests || se.StatusCode >= 500
	}
	for _, e := range []error{ErrPrivateAddress, ErrTooLarge, ErrTooManyRedirects, ErrRobots,
		ErrContentType, ErrEncoding, ErrScheme, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, e) {
			return false
		}
	}
	// A network failure may pass; a timeout means a slow server, which
	// will be as slow again.
	ne, ok := errors.AsType[net.Error](err)
	return ok && !ne.Timeout()
}

func (f *Fetcher) host(name string) *host {
	name = strings.ToLower(name)
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[name]
	if h == nil {
		h = &host{slot: make(chan struct{}, 1)}
		f.hosts[name] = h
	}
	return h
}

// acquire waits until the host is free and its delay has passed.
func (f *Fetcher) acquire(ctx context.Context, h *host) error {
	select {
	case h.slot <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	delay := f.cfg.MinHostDelay
	if h.robots != nil && h.robots.delay > delay {
		delay = min(h.robots.delay, f.cfg.MaxCrawlDelay)
	}
	if !h.last.IsZero() {
		if wait := h.last.Add(delay).Sub(f.cfg.Now()); wait > 0 {
			if err := f.cfg.Sleep(ctx, wait); err != nil {
				<-h.slot
				return err
			}
		}
	}
	h.last = f.cfg.Now()
	return nil
}

// attempt makes one request, holding the host's slot. It returns the
// server's Retry-After with a retryable status.
func (f *Fetcher) attempt(ctx context.Context, h *host, u *url.URL, kind Kind, cond Conditional) (*Response, time.Duration, error) {
	if err := f.acquire(ctx, h); err != nil {
		return nil, 0, err
	}
	defer func() { <-h.slot }()
	if !f.cfg.IgnoreRobots {
		ok, err := f.robotsAllow(ctx, h, u)
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			return nil, 0, ErrRobots
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	if kind == Feed {
		req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
	} else {
		req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	}
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, 0, unwrapURLError(err)
	}
	defer res.Body.Close()
	out := &Response{
		URL:          res.Request.URL.String(),
		StatusCode:   res.StatusCode,
		ETag:         res.Header.Get("ETag"),
		LastModified: res.Header.Get("Last-Modified"),
		FetchedAt:    f.cfg.Now(),
	}
	switch {
	case res.StatusCode == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = cond.ETag
		}
		if out.LastModified == "" {
			out.LastModified = cond.LastModified
		}
		return out, 0, nil
	case res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		ra, hasRA := retryAfter(res.Header.Get("Retry-After"), f.cfg.Now())
		se := &StatusError{StatusCode: res.StatusCode, RetryAfter: ra}
		if hasRA && ra > f.cfg.MaxRetryAfter {
			// The server wants a longer pause than we wait inline:
			// fail now and let the caller come back later.
			return nil, 0, fmt.Errorf("%w: %w (more than %s)", ErrRetryLater, se, f.cfg.MaxRetryAfter)
		}
		return nil, ra, se
	case res.StatusCode < 200 || res.StatusCode > 299:
		return nil, 0, &StatusError{StatusCode: res.StatusCode}
	}
	if res.ContentLength > f.cfg.MaxBodySize {
		return nil, 0, fmt.Errorf("%w (%d bytes declared, limit %d)", ErrTooLarge, res.ContentLength, f.cfg.MaxBodySize)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, f.cfg.MaxBodySize+1))
	if err != nil {
		return nil, 0, fmt.Errorf("read body: %w", unwrapURLError(err))
	}
	if int64(len(body)) > f.cfg.MaxBodySize {
		return nil, 0, fmt.Errorf("%w (limit %d bytes)", ErrTooLarge, f.cfg.MaxBodySize)
	}
	ct := res.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt == "" {
		ct = http.DetectContentType(body)
		mt, _, _ = mime.ParseMediaType(ct)
	}
	out.ContentType = strings.ToLower(mt)
	if !accepts(kind, out.ContentType) {
		return nil, 0, fmt.Errorf("%w %q", ErrContentType, out.ContentType)
	}
	if kind == Page {
		body, out.Charset, err = decodeHTML(body, ct)
		if err != nil {
			return nil, 0, err
		}
	}
	out.Body = body
	return out, 0, nil
}

// unwrapURLError drops the *url.Error layer, which repeats the URL that
// our *Error already names.
func unwrapURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

func accepts(kind Kind, mt string) bool {
	switch kind {
	case Feed:
		return strings.HasSuffix(mt, "xml") || strings.HasSuffix(mt, "json") || mt == "text/plain" || mt == "text/html"
	default:
		return mt == "text/html" || mt == "application/xhtml+xml"
	}
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(min(s, 1<<30)) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(0, t.Sub(now)), true
	}
	return 0, false
}
