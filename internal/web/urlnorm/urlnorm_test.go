package urlnorm

import (
	"errors"
	"net/url"
	"testing"
)

func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://example.org/news/a", "https://example.org/news/a"},
		{"HTTPS://Example.ORG/News/A", "https://example.org/News/A"},
		{"https://www.example.org/news/a/", "https://example.org/news/a"},
		{"https://example.org", "https://example.org/"},
		{"https://example.org/", "https://example.org/"},
		{"http://example.org:80/a", "http://example.org/a"},
		{"https://example.org:443/a", "https://example.org/a"},
		{"https://example.org:8443/a", "https://example.org:8443/a"},
		{"http://example.org:443/a", "http://example.org:443/a"},
		{"http://example.org/a", "http://example.org/a"}, // scheme kept
		{"https://example.org/a#comments", "https://example.org/a"},
		{"https://user:pw@example.org/a", "https://example.org/a"},
		{"https://example.org/a?utm_source=rss&utm_medium=feed", "https://example.org/a"},
		{"https://example.org/a?id=7&fbclid=abc&gclid=x&ref=homepage", "https://example.org/a?id=7"},
		{"https://example.org/a?b=2&a=1&CMP=share_btn&ocid=x&smid=tw", "https://example.org/a?a=1&b=2"},
		{"https://example.org/a?mc_cid=1&mc_eid=2&igshid=3&_ga=4&msclkid=5&yclid=6&ito=7&cmpid=8", "https://example.org/a"},
		{"https://example.org/a?page=2&", "https://example.org/a?page=2"},
		{"https://example.org/a?", "https://example.org/a"},
		{"https://example.org/a?q=%2f", "https://example.org/a?q=%2F"},
		{"https://amp.example.org/a", "https://example.org/a"},
		{"https://m.example.org/a", "https://example.org/a"},
		{"https://mobile.example.org/a", "https://example.org/a"},
		{"https://www.m.example.org/a", "https://example.org/a"},
		{"https://m.com/a", "https://m.com/a"},
		{"https://www.com/a", "https://www.com/a"},
		{"https://example.org/news/a/amp", "https://example.org/news/a"},
		{"https://example.org/news/a/amp/", "https://example.org/news/a"},
		{"https://example.org/amp/news/a", "https://example.org/news/a"},
		{"https://example.org/news/a.amp.html", "https://example.org/news/a.html"},
		{"https://example.org/news/a?amp", "https://example.org/news/a"},
		{"https://example.org/news/a?amp=1", "https://example.org/news/a"},
		{"https://example.org/news/a?outputType=amp", "https://example.org/news/a"},
		{"https://example.org/news/a?outputType=print", "https://example.org/news/a?outputType=print"},
		{"https://example.org/a/./b/../c", "https://example.org/a/c"},
		{"https://example.org//a//b", "https://example.org/a/b"},
		{"https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9"},
		{"https://example.org/a%2Fb", "https://example.org/a%2Fb"},
		{"https://example.org./a", "https://example.org/a"},
		{"example.org/a?utm_campaign=x", "https://example.org/a"},
		{"//example.org/a", "https://example.org/a"},
		{"  https://example.org/a  ", "https://example.org/a"},
		{"https://[::1]:8080/a", "https://[::1]:8080/a"},
	}
	for _, tc := range tests {
		got, err := Canonical(tc.in)
		if err != nil {
			t.Errorf("Canonical(%q) error %v, want %q", tc.in, err, tc.want)
			continue
		}
		if got != tc.want {
			t.Errorf("Canonical(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCanonical_Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want error
	}{
		{"", ErrNoHost},
		{"ftp://example.org/a", ErrNotHTTP},
		{"mailto:someone@example.org", ErrNotHTTP},
		{"https:///a", ErrNoHost},
		{"https://exa mple.org/a", nil},
	}
	for _, tc := range tests {
		got, err := Canonical(tc.in)
		if err == nil {
			t.Errorf("Canonical(%q) = %q, want error", tc.in, got)
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("Canonical(%q) error %v, want %v", tc.in, err, tc.want)
		}
	}
}

func TestHost(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"https://www.Example.org/a", "example.org"},
		{"https://news.example.org:8080/a", "news.example.org"},
		{"http://usnews.nbcnews.com:80/_news/2013/", "usnews.nbcnews.com"},
		{"example.org/a", "example.org"},
		{"https://www.com/", "www.com"},
		{"not a url", ""},
		{"", ""},
	}
	for _, tc := range tests {
		if got := Host(tc.in); got != tc.want {
			t.Errorf("Host(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	for _, s := range []string{
		"https://www.example.org/news/a/amp/?utm_source=x&b=2&a=1#top",
		"http://M.Example.org:80/a.amp.html?amp=1&outputType=amp",
		"example.org/a/../b/./c//", "https://[::1]:443/%7e", "https://example.org/a%2Fb?q=%2f;x=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Canonical(s)
		if err != nil {
			return
		}
		c2, err := Canonical(c)
		if err != nil {
			t.Fatalf("Canonical(%q) = %q, which fails: %v", s, c, err)
		}
		if c2 != c {
			t.Fatalf("not idempotent: Canonical(%q) = %q, Canonical of that = %q", s, c, c2)
		}
	})
}

func TestResolve(t *testing.T) {
	base, _ := url.Parse("https://news.example/world/story.html")
	for _, tc := range []struct{ ref, want string }{
		{"/img/a.jpg", "https://news.example/img/a.jpg"},
		{" other.html ", "https://news.example/world/other.html"},
		{"https://cdn.example/x", "https://cdn.example/x"},
		{"mailto:a@b.example", ""},
		{"", ""},
	} {
		if got := Resolve(base, tc.ref); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.ref, got, tc.want)
		}
	}
	if got := Resolve(nil, "/relative"); got != "" {
		t.Errorf("Resolve(nil, relative) = %q, want \"\"", got)
	}
}
