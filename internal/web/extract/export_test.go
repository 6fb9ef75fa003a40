package extract

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/markusmobius/go-trafilatura"
)

// WithRules returns an extractor running defaultRules changed by spec, a
// "+"-separated list of changes: "-name" turns rule name off, "name" turns
// it on, "precision" and "recall" set the library's Focus. "" is the
// default. It lets the study in study_test.go remove each rule alone.
func WithRules(spec string) (*Trafilatura, error) {
	ru := defaultRules
	flags := map[string]*bool{
		"render": &ru.render, "headlines": &ru.headlines,
		"furnitureTail": &ru.furnitureTail, "fallback": &ru.fallback,
		"alwaysFallback": &ru.alwaysFallback,
		"allLinks":       &ru.allLinks, "excludeComments": &ru.excludeComments,
		"linkParas": &ru.linkParas, "dedupe": &ru.dedupe,
	}
	for c := range strings.SplitSeq(spec, "+") {
		if c == "" {
			continue
		}
		switch c {
		case "precision":
			ru.focus = trafilatura.FavorPrecision
			continue
		case "recall":
			ru.focus = trafilatura.FavorRecall
			continue
		case "balanced":
			ru.focus = trafilatura.Balanced
			continue
		}
		if n, ok := strings.CutPrefix(c, "fallbackBelow="); ok {
			v, err := strconv.Atoi(n)
			if err != nil {
				return nil, fmt.Errorf("rule %q: %w", c, err)
			}
			ru.fallbackBelow = v
			continue
		}
		on := !strings.HasPrefix(c, "-")
		f, ok := flags[strings.TrimPrefix(c, "-")]
		if !ok {
			return nil, fmt.Errorf("unknown rule %q", c)
		}
		*f = on
	}
	return &Trafilatura{rules: &ru}, nil
}
