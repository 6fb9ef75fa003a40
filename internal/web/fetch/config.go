package fetch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"slices"
	"time"
)

// ProjectURL is the address named in the User-Agent, where site owners
// learn what Storyline is.
const ProjectURL = "https://github.com/storyline-news/storyline"

// UserAgent returns Storyline's User-Agent for a version:
// "Storyline/VERSION (+ProjectURL)".
func UserAgent(version string) string {
	return fmt.Sprintf("Storyline/%s (+%s)", version, ProjectURL)
}

// robotsAgent is the product token matched against robots.txt groups.
const robotsAgent = "Storyline"

// Config configures a Fetcher. Start from DefaultConfig.
type Config struct {
	// UserAgent is sent with every request; see [UserAgent].
	UserAgent string
	// DialTimeout bounds connecting, TLSHandshakeTimeout the TLS
	// handshake, HeaderTimeout the wait for response headers after the
	// request is sent, and Timeout a whole attempt including the body.
	DialTimeout         time.Duration
	TLSHandshakeTimeout time.Duration
	HeaderTimeout       time.Duration
	Timeout             time.Duration
	// MaxBodySize is the largest body read, after decompression.
	MaxBodySize int64
	// MaxRedirects is the most redirects followed for one request.
	MaxRedirects int
	// MinHostDelay is the least time between the start of two requests to
	// the same host. Requests to one host never overlap. A robots.txt
	// Crawl-delay longer than this is honoured, up to MaxCrawlDelay.
	MinHostDelay  time.Duration
	MaxCrawlDelay time.Duration
	// MaxRetries is how often a request is retried after a 429, a 5xx or
	// a network error. Waits double from RetryBase; a Retry-After header
	// is honoured when it asks for at most MaxRetryAfter, and the request
	// fails at once when it asks for more.
	MaxRetries    int
	RetryBase     time.Duration
	MaxRetryAfter time.Duration
	// RobotsTTL is how long a host's robots.txt is cached. IgnoreRobots
	// skips robots.txt (for fetching a URL a user gave by hand).
	RobotsTTL    time.Duration
	IgnoreRobots bool
	// AllowPrivate lets requests reach loopback and private addresses
	// ([PrivatePrefixes]). Only for local testing. AllowedPrefixes lets
	// through just the given networks (an internal feed server, say) while
	// the rest stay refused. Link-local and cloud-metadata addresses are
	// refused whatever these say (see [IsRefused]).
	AllowPrivate    bool
	AllowedPrefixes []netip.Prefix
	// Now and Sleep are the clock; nil means the real one. Tests inject
	// fakes so delays and backoff take no time. Sleep must return early
	// with ctx.Err() when ctx is done.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Logger receives retries and robots.txt failures; nil discards.
	Logger *slog.Logger
}

// DefaultConfig returns a Config with conservative limits.
func DefaultConfig() Config {
	return Config{
		UserAgent:           UserAgent("dev"),
		DialTimeout:         10 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
		HeaderTimeout:       20 * time.Second,
		Timeout:             60 * time.Second,
		MaxBodySize:         10 << 20,
		MaxRedirects:        5,
		MinHostDelay:        2 * time.Second,
		MaxCrawlDelay:       30 * time.Second,
		MaxRetries:          3,
		RetryBase:           2 * time.Second,
		MaxRetryAfter:       2 * time.Minute,
		RobotsTTL:           6 * time.Hour,
	}
}

// Validate reports the first unusable setting.
func (c Config) Validate() error {
	switch {
	case c.UserAgent == "":
		return errors.New("fetch: config: empty user agent")
	case c.Timeout <= 0 || c.DialTimeout <= 0 || c.TLSHandshakeTimeout <= 0 || c.HeaderTimeout <= 0:
		return errors.New("fetch: config: timeouts must be greater than 0")
	case c.MaxBodySize <= 0:
		return errors.New("fetch: config: max body size must be greater than 0")
	case slices.ContainsFunc(c.AllowedPrefixes, OverlapsRefused):
		return errors.New("fetch: config: allowed networks include link-local or cloud-metadata addresses, which are always refused")
	case c.MaxRedirects < 0 || c.MaxRetries < 0 || c.MinHostDelay < 0 || c.RetryBase < 0 || c.MaxRetryAfter < 0 || c.MaxCrawlDelay < 0:
		return errors.New("fetch: config: limits must not be negative")
	}
	return nil
}
