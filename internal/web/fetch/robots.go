package fetch

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
)

// maxRobotsSize is the most of a robots.txt read (Google reads 500 KiB).
const maxRobotsSize = 512 << 10

// robots is a host's cached robots.txt.
type robots struct {
	group   *robotstxt.Group // rules for our agent; nil allows everything
	delay   time.Duration    // Crawl-delay
	fetched time.Time
}

// robotsAllow tells whether robots.txt lets us fetch u, fetching and
// caching the host's robots.txt when needed. The caller holds the host's
// slot. A missing robots.txt (4xx) allows everything and a server error
// (5xx) forbids everything, as the robots exclusion standard says; when
// robots.txt cannot be fetched at all the page is allowed and the failure
// is logged, so a flaky robots.txt does not stop the crawl.
func (f *Fetcher) robotsAllow(ctx context.Context, h *host, u *url.URL) (bool, error) {
	if h.robots == nil || f.cfg.Now().Sub(h.robots.fetched) > f.cfg.RobotsTTL {
		r, err := f.fetchRobots(ctx, u)
		if err != nil {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			f.log.Warn("fetch: robots.txt unavailable", "host", u.Host, "error", err)
			return true, nil
		}
		h.robots = r
	}
	if h.robots.group == nil {
		return true, nil
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if path == "" {
		path = "/"
	}
	return h.robots.group.Test(path), nil
}

func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL) (*robots, error) {
	ru := url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	res, err := f.client.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxRobotsSize))
	if err != nil {
		return nil, err
	}
	data, err := robotstxt.FromStatusAndBytes(res.StatusCode, body)
	if err != nil {
		// Unparsable robots.txt: treat as absent.
		data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	}
	r := &robots{fetched: f.cfg.Now()}
	if g := data.FindGroup(robotsAgent); g != nil {
		r.group, r.delay = g, g.CrawlDelay
	}
	return r, nil
}
