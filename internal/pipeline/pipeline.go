// Package pipeline runs Storyline's stages in order: raw input items are
// prepared (normalised and cleaned) in parallel, then stored in
// transactional batches while the clustering engine assigns each new
// article, in arrival order, to a story. It reaches storage only through
// news.Store.
package pipeline

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/story/headline"
	"github.com/storyline-news/storyline/internal/storyline"
)

// Config tunes the pipeline.
type Config struct {
	// BatchSize is the number of articles committed per transaction.
	BatchSize int
	// Workers is the number of goroutines preparing articles.
	Workers int
	// Stored, if not nil, is called after each committed batch for every
	// item that went in, new or already stored, with its article (ID and
	// story set), in input order.
	Stored func(ingest.Item, *news.Article)
	// Events, if not nil, receives after each committed batch what
	// happened to stories in it: new stories, stories that gained an
	// independent source (not a near-copy, an outlet new to the story),
	// and automatic merges.
	Events func([]news.StoryEvent)
	// SkipHeadlines leaves stories' stored headlines as first set (the
	// founding article's title). By default every committed batch
	// refreshes the synthesized headline of each story it changed.
	SkipHeadlines bool
	// Storyline configures the storyline level; nil means
	// storyline.DefaultConfig(). NoStorylines turns the level off (for
	// measuring what it costs).
	Storyline    *storyline.Config
	NoStorylines bool
}

// DefaultConfig returns the configuration used by the CLI.
func DefaultConfig() Config {
	return Config{BatchSize: 500, Workers: runtime.GOMAXPROCS(0)}
}

// Stats counts what an ingest did.
type Stats struct {
	Read    int // items read from the input
	Created int // new articles stored
	Skipped int // articles already stored (idempotent re-ingest or exact copy)
	Failed  int // items that could not be prepared
	// Stories is the set of stories that gained articles.
	Stories map[int64]bool
}

// Pipeline ingests articles into a store. It is not safe for concurrent
// use: one ingest at a time, because arrival order matters.
type Pipeline struct {
	store  news.Store
	engine *cluster.Engine
	log    *slog.Logger
	cfg    Config
	warmed bool
	// featurizers compute clustering features in the preparing stage,
	// one per worker.
	featurizers []*cluster.Featurizer
	// lineFeaturizers compute storyline features beside them.
	lineFeaturizers []*storyline.Featurizer
	// sources are each story's outlets, kept for events when
	// Config.Events is set; events are the current batch's.
	sources map[int64]map[string]bool
	events  []news.StoryEvent
	// lines links stories into storylines; nil when Config.NoStorylines.
	lines       *storyline.Engine
	linesWarmed bool
}

// New returns a pipeline over store that clusters with engine.
func New(store news.Store, engine *cluster.Engine, logger *slog.Logger, cfg Config) *Pipeline {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultConfig().BatchSize
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 1
	}
	p := &Pipeline{store: store, engine: engine, log: logger, cfg: cfg}
	if !cfg.NoStorylines {
		lc := storyline.DefaultConfig()
		if cfg.Storyline != nil {
			lc = *cfg.Storyline
		}
		p.lines = storyline.New(lc)
	}
	return p
}

// Storyline returns the storyline the pipeline assigned story to, or 0.
func (p *Pipeline) Storyline(story int64) int64 {
	if p.lines == nil {
		return 0
	}
	return p.lines.Storyline(story)
}

// Warm loads the stored articles into the clustering engine, with the
// stories they already belong to, so that new articles can join them. Ingest
// calls it once if it has not been called.
//
// Each article goes into the story it joined on arrival (as recorded), and the recorded merges and splits, clustering's
// and users', are replayed right after the article that brought the engine
// to their position: the warm engine is then the engine that ran on, and
// an ingest killed at any point and run again stores the stories of one
// clean run. Decisions stored without a position (before positions were
// recorded) and articles without an explanation fall back to the final
// stories: their articles go into the story they are in now, and a split
// keeps its two stories apart.
func (p *Pipeline) Warm(ctx context.Context) (int, error) {
	decisions, err := p.store.FindDecisions(ctx)
	if err != nil {
		return 0, fmt.Errorf("pipeline: warm clustering: %w", err)
	}
	var replay, legacy []news.Decision
	for _, d := range decisions {
		if d.Position > 0 {
			replay = append(replay, d)
		} else {
			legacy = append(legacy, d)
		}
	}
	slices.SortStableFunc(replay, func(a, b news.Decision) int { return cmp.Compare(a.Position, b.Position) })
	final := len(legacy) > 0 // legacy merges are only in the final story IDs
	// The storyline engine warms in the same walk (see warmStorylines).
	var lineOf map[int64]int64
	lines := p.lines != nil && !p.linesWarmed
	if lines {
		if lineOf, err = p.store.FindStorylineIDs(ctx); err != nil {
			return 0, fmt.Errorf("pipeline: warm storylines: %w", err)
		}
	}
	n, next := 0, 0
	err = p.store.WalkArticles(ctx, func(a *news.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if a.StoryID == 0 {
			return nil // stored but never clustered: Ingest picks it up
		}
		if lines {
			p.lines.Restore(lineDoc(a, a.StoryID), lineOf[a.StoryID])
		}
		story := a.StoryID
		if !final {
			story = joinedStory(a)
		}
		p.engine.Restore(doc(a), story, a.DuplicateOf)
		p.noteSource(a.StoryID, a.Source)
		n++
		for ; next < len(replay) && replay[next].Position <= int64(n); next++ {
			p.replay(replay[next], final)
		}
		return nil
	})
	if err != nil {
		return n, fmt.Errorf("pipeline: warm clustering: %w", err)
	}
	for _, d := range legacy {
		if d.Kind == "split" || d.Kind == "auto-split" {
			p.engine.KeepApart(d.StoryID, d.OtherID)
		}
	}
	p.warmed = true
	p.linesWarmed = p.linesWarmed || lines
	return n, nil
}

// replay repeats a recorded decision in the warming engine. With final,
// articles were restored into their final stories, which hold every merge
// already: merges are not repeated and splits only keep apart.
func (p *Pipeline) replay(d news.Decision, final bool) {
	switch {
	case final:
		if d.Kind == "split" || d.Kind == "auto-split" {
			p.engine.KeepApart(d.StoryID, d.OtherID)
		}
	case d.Kind == "merge" || d.Kind == "auto-merge":
		p.engine.Merge(d.StoryID, d.OtherID)
	case d.Kind == "split":
		p.engine.Split(d.StoryID, d.ArticleIDs)
	case d.Kind == "auto-split":
		if !p.engine.ReplaySplit(d.StoryID, d.OtherID, d.ArticleIDs) {
			p.log.Warn("warm clustering: a recorded split could not be replayed", "story", d.StoryID, "new", d.OtherID)
		}
	}
}

// joinedStory is the story article a joined on arrival, when recorded,
// else the story it is in now.
func joinedStory(a *news.Article) int64 {
	if a.JoinedStoryID != 0 {
		return a.JoinedStoryID
	}
	return a.StoryID
}

// ItemFunc receives each input item; an error stops reading.
type ItemFunc func(ingest.Item) error

// Ingest reads items by calling read, which must call its argument once per
// item in input order, and stores them. Items that cannot be prepared are
// reported to onErr, counted and skipped. Every batch is one transaction, so
// a cancelled ingest leaves whole batches behind and a re-run finishes the
// job. progress, if not nil, is called after each batch.
//
// Preparing a batch (cleaning, language detection) overlaps with storing
// and clustering the one before it; batches are stored strictly in input
// order. read, onErr and the preparation run on the calling goroutine;
// progress runs on the storing one.
func (p *Pipeline) Ingest(ctx context.Context, read func(ItemFunc) error, onErr func(error), progress func(Stats)) (Stats, error) {
	var (
		mu sync.Mutex // guards st between the two stages
		st = Stats{Stories: map[int64]bool{}}
	)
	if !p.warmed {
		if _, err := p.Warm(ctx); err != nil {
			return st, err
		}
	}
	if err := p.warmStorylines(ctx); err != nil {
		return st, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// The storing stage: one batch at a time, in order.
	ready := make(chan *batch, 1)
	stored := make(chan error, 1)
	go func() {
		var err error
		for b := range ready {
			if err != nil {
				continue // drain after a failure
			}
			if err = p.storeBatch(ctx, b, &mu, &st); err != nil {
				cancel(err)
				continue
			}
			if progress != nil {
				mu.Lock()
				snap := st
				mu.Unlock()
				progress(snap)
			}
		}
		stored <- err
	}()

	items := make([]ingest.Item, 0, p.cfg.BatchSize)
	send := func(last bool) error {
		if len(items) == 0 {
			return nil
		}
		b := p.prepareBatch(items, last)
		for _, err := range b.errs {
			if err != nil {
				mu.Lock()
				st.Failed++
				mu.Unlock()
				if onErr != nil {
					onErr(err)
				}
			}
		}
		items = make([]ingest.Item, 0, p.cfg.BatchSize)
		select {
		case ready <- b:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	err := read(func(it ingest.Item) error {
		mu.Lock()
		st.Read++
		mu.Unlock()
		items = append(items, it)
		if len(items) >= p.cfg.BatchSize {
			return send(false)
		}
		return ctx.Err()
	})
	if err == nil {
		err = send(true)
	}
	close(ready)
	if serr := <-stored; serr != nil {
		err = serr // the store's failure is the cause of any other
	}
	mu.Lock()
	defer mu.Unlock()
	return st, err
}

// StorePrepared stores articles prepared elsewhere (by [Prepare], say in
// another process) as one batch, clustering the new ones in the given
// order, as Ingest does for one batch. last re-checks the stories started
// since the engine's last periodic re-check. The pipeline is warmed from
// the store first if it has not been.
func (p *Pipeline) StorePrepared(ctx context.Context, arts []*news.Article, last bool) (Stats, error) {
	return p.StoreFeaturized(ctx, p.Featurize(arts), last)
}

// Featurized is a batch of prepared articles with their clustering
// features computed, ready for [Pipeline.StoreFeaturized].
type Featurized struct{ b *batch }

// Featurize computes the clustering features of prepared articles on the
// configured number of goroutines. It may run while StoreFeaturized
// stores an earlier batch, so that a distributed clusterer overlaps the
// two, but not concurrently with itself.
func (p *Pipeline) Featurize(arts []*news.Article) Featurized {
	b := &batch{arts: arts, errs: make([]error, len(arts)), items: make([]ingest.Item, len(arts)),
		feats: make(map[*news.Article]cluster.Features, len(arts))}
	feats := make([]cluster.Features, len(arts))
	lfeats := make([]storyline.Features, len(arts))
	p.parallel(len(arts), func(z *cluster.Featurizer, lz *storyline.Featurizer, i int) {
		feats[i] = z.Features(doc(arts[i]))
		if lz != nil {
			lfeats[i] = lz.Features(lineDoc(arts[i], 0))
		}
	})
	for i, a := range arts {
		b.feats[a] = feats[i]
	}
	b.setLineFeats(arts, lfeats, p.lines != nil)
	return Featurized{b}
}

// StoreFeaturized stores a featurized batch as StorePrepared does.
func (p *Pipeline) StoreFeaturized(ctx context.Context, f Featurized, last bool) (Stats, error) {
	st := Stats{Stories: map[int64]bool{}}
	if !p.warmed {
		if _, err := p.Warm(ctx); err != nil {
			return st, err
		}
	}
	if err := p.warmStorylines(ctx); err != nil {
		return st, err
	}
	f.b.last = last
	var mu sync.Mutex
	st.Read = len(f.b.arts)
	err := p.storeBatch(ctx, f.b, &mu, &st)
	return st, err
}

// parallel calls fn(z, lz, i) for i in [0, n) on the configured number of
// goroutines, each with its own featurizers; lz is nil when storylines
// are off.
func (p *Pipeline) parallel(n int, fn func(z *cluster.Featurizer, lz *storyline.Featurizer, i int)) {
	for len(p.featurizers) < p.cfg.Workers {
		p.featurizers = append(p.featurizers, p.engine.NewFeaturizer())
		if p.lines != nil {
			p.lineFeaturizers = append(p.lineFeaturizers, p.lines.NewFeaturizer())
		}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := range p.cfg.Workers {
		z := p.featurizers[w]
		var lz *storyline.Featurizer
		if p.lines != nil {
			lz = p.lineFeaturizers[w]
		}
		wg.Go(func() {
			for i := range next {
				fn(z, lz, i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// batch is a prepared batch of items: arts[i] is items[i] prepared, or nil
// with errs[i] set.
type batch struct {
	items []ingest.Item
	arts  []*news.Article
	errs  []error
	feats map[*news.Article]cluster.Features // clustering features, computed ahead
	// lineFeats are the storyline features, computed ahead; nil when
	// storylines are off.
	lineFeats map[*news.Article]storyline.Features
	last      bool // the ingest's last batch
}

func (b *batch) setLineFeats(arts []*news.Article, lfeats []storyline.Features, on bool) {
	if !on {
		return
	}
	b.lineFeats = make(map[*news.Article]storyline.Features, len(arts))
	for i, a := range arts {
		if a != nil {
			b.lineFeats[a] = lfeats[i]
		}
	}
}

// prepareBatch prepares items on the configured number of goroutines.
func (p *Pipeline) prepareBatch(items []ingest.Item, last bool) *batch {
	b := &batch{items: items, arts: make([]*news.Article, len(items)), errs: make([]error, len(items)), last: last}
	feats := make([]cluster.Features, len(items))
	lfeats := make([]storyline.Features, len(items))
	p.parallel(len(items), func(z *cluster.Featurizer, lz *storyline.Featurizer, i int) {
		b.arts[i], b.errs[i] = Prepare(items[i])
		if b.errs[i] == nil {
			feats[i] = z.Features(doc(b.arts[i]))
			if lz != nil {
				lfeats[i] = lz.Features(lineDoc(b.arts[i], 0))
			}
		}
	})
	b.setLineFeats(b.arts, lfeats, p.lines != nil)
	b.feats = make(map[*news.Article]cluster.Features, len(items))
	for i, a := range b.arts {
		if a != nil {
			b.feats[a] = feats[i]
		}
	}
	return b
}

// storeBatch stores a prepared batch in one transaction, clustering the
// new articles in order.
func (p *Pipeline) storeBatch(ctx context.Context, b *batch, mu *sync.Mutex, st *Stats) error {
	ok := b.arts[:0:0]
	var okItems []ingest.Item
	for i, a := range b.arts {
		if b.errs[i] == nil {
			ok = append(ok, a)
			okItems = append(okItems, b.items[i])
		}
	}
	var changed []int64 // stories that gained or merged articles
	res, err := p.store.SaveBatch(ctx, ok, func(fresh []*news.Article) (news.Clustering, error) {
		c, err := p.assign(fresh, b.feats, b.lineFeats, b.last)
		changed = changed[:0]
		for _, as := range c.Assignments {
			changed = append(changed, as.StoryID)
		}
		for _, m := range c.Merges {
			changed = append(changed, m.Survivor)
		}
		for _, sp := range c.Splits {
			changed = append(changed, sp.Story, sp.New)
		}
		return c, err
	})
	if err != nil {
		p.events = nil // the batch was rolled back
		if errors.Is(err, context.Canceled) {
			return err
		}
		return fmt.Errorf("pipeline: save batch: %w", err)
	}
	mu.Lock()
	st.Created += res.Created
	st.Skipped += res.Skipped
	for _, a := range ok {
		if a.StoryID != 0 {
			st.Stories[a.StoryID] = true
		}
	}
	mu.Unlock()
	if p.cfg.Stored != nil {
		for i, a := range ok {
			p.cfg.Stored(okItems[i], a)
		}
	}
	var headlines map[int64]string
	if !p.cfg.SkipHeadlines && len(changed) > 0 {
		// After the commit: a failure leaves the old headline, which the
		// story's next change refreshes; the articles are safe.
		if headlines, err = headline.Refresh(ctx, p.store, changed); err != nil {
			p.log.Warn("refreshing headlines", "err", err)
		}
	}
	if p.cfg.Events != nil && len(p.events) > 0 {
		for i := range p.events {
			p.events[i].Headline = headlines[p.events[i].StoryID]
		}
		p.cfg.Events(p.events)
		p.events = nil
	}
	return nil
}

// assign clusters freshly stored articles in arrival order and returns
// them with the story merges the engine's re-checks made meanwhile, which
// are stored in the same transaction. The last batch of an ingest also
// re-checks the stories started since the engine's last periodic re-check.
func (p *Pipeline) assign(fresh []*news.Article, feats map[*news.Article]cluster.Features, lineFeats map[*news.Article]storyline.Features, last bool) (news.Clustering, error) {
	var c news.Clustering
	c.Assignments = make([]news.Assignment, 0, len(fresh))
	for _, a := range fresh {
		if placeholder(a) {
			continue // stored, but no story: it is not news
		}
		d := p.engine.AddWithFeatures(doc(a), feats[a])
		c.Assignments = append(c.Assignments, news.Assignment{ArticleID: a.ID, StoryID: d.StoryID, DuplicateOf: d.DuplicateOf, Score: d.Score})
		i := len(c.Assignments) - 1
		if p.cfg.Events != nil {
			p.storyEvents(a, d)
		}
		if ex, ok := p.engine.Explain(a.ID); ok {
			if b, err := json.Marshal(ex); err == nil {
				c.Assignments[i].Explanation = b
			}
		}
		if p.lines != nil {
			if lf, ok := lineFeats[a]; ok {
				p.lines.AddFeatures(lineDoc(a, d.StoryID), lf)
			} else {
				p.lines.Add(lineDoc(a, d.StoryID))
			}
		}
	}
	if last {
		p.engine.Recheck()
	}
	for _, sp := range p.engine.TakeSplits() {
		c.Splits = append(c.Splits, news.Split{Story: sp.Story, New: sp.New, Articles: sp.Articles, After: sp.After, Position: int64(sp.Position)})
		if p.cfg.Events != nil {
			p.events = append(p.events, news.StoryEvent{Kind: news.EventStoryCreated, StoryID: sp.New, ArticleID: sp.New, At: time.Now().UTC()})
		}
	}
	for _, m := range p.engine.TakeMerges() {
		c.Merges = append(c.Merges, news.Merge{Survivor: m.Survivor, Merged: m.Merged, Position: int64(m.Position)})
		if p.cfg.Events != nil {
			p.events = append(p.events, news.StoryEvent{Kind: news.EventStoryMerged, StoryID: m.Survivor, MergedID: m.Merged, At: time.Now().UTC()})
			for src := range p.sources[m.Merged] {
				p.noteSource(m.Survivor, src)
			}
			delete(p.sources, m.Merged)
		}
	}
	p.linkStorylines(&c)
	return c, nil
}

// warmStorylines loads the stored articles into the storyline engine once,
// with their stories' stored storylines, unless Warm did it in its own
// walk of the articles. Stories stored before storylines
// existed are placed now, as their articles come by in arrival order, and
// stored with the next batch.
func (p *Pipeline) warmStorylines(ctx context.Context) error {
	if p.lines == nil || p.linesWarmed {
		return nil
	}
	lineOf, err := p.store.FindStorylineIDs(ctx)
	if err != nil {
		return fmt.Errorf("pipeline: warm storylines: %w", err)
	}
	err = p.store.WalkArticles(ctx, func(a *news.Article) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if a.StoryID == 0 {
			return nil
		}
		p.lines.Restore(lineDoc(a, a.StoryID), lineOf[a.StoryID])
		return nil
	})
	if err != nil {
		return fmt.Errorf("pipeline: warm storylines: %w", err)
	}
	p.linesWarmed = true
	return nil
}

// linkStorylines follows the batch's merges and splits in the storyline
// engine, in the order clustering made them, and adds the stories whose
// storyline was set or changed to c.
func (p *Pipeline) linkStorylines(c *news.Clustering) {
	if p.lines == nil {
		return
	}
	_ = news.ReplayEdits(*c,
		func(m news.Merge) error { p.lines.Merge(m.Survivor, m.Merged); return nil },
		func(sp news.Split) error { p.lines.Split(sp.Story, sp.New, sp.Articles); return nil })
	for _, ch := range p.lines.TakeChanges() {
		if p.cfg.Events != nil {
			kind := news.EventStorylineStory
			if ch.Story == ch.Storyline {
				kind = news.EventStorylineCreated
			}
			p.events = append(p.events, news.StoryEvent{Kind: kind, StoryID: ch.Story, StorylineID: ch.Storyline, At: time.Now().UTC()})
		}
		sa := news.StorylineAssignment{StoryID: ch.Story, StorylineID: ch.Storyline}
		if b, err := json.Marshal(ch.Explanation); err == nil {
			sa.Explanation = b
		}
		c.Storylines = append(c.Storylines, sa)
	}
}

// noteSource records that story has an article from source, and reports
// whether that source is new to it.
func (p *Pipeline) noteSource(story int64, source string) bool {
	if p.cfg.Events == nil {
		return false
	}
	if p.sources == nil {
		p.sources = map[int64]map[string]bool{}
	}
	set := p.sources[story]
	if set == nil {
		set = map[string]bool{}
		p.sources[story] = set
	}
	if set[source] {
		return false
	}
	set[source] = true
	return true
}

// storyEvents notes the events of one clustering decision.
func (p *Pipeline) storyEvents(a *news.Article, d cluster.Decision) {
	now := time.Now().UTC()
	fresh := p.noteSource(d.StoryID, a.Source)
	switch {
	case d.New:
		p.events = append(p.events, news.StoryEvent{Kind: news.EventStoryCreated, StoryID: d.StoryID, ArticleID: a.ID, Source: a.Source, At: now})
	case fresh && d.DuplicateOf == 0:
		p.events = append(p.events, news.StoryEvent{Kind: news.EventStorySource, StoryID: d.StoryID, ArticleID: a.ID, Source: a.Source, At: now})
	}
}

func lineDoc(a *news.Article, story int64) storyline.Doc {
	return storyline.Doc{ID: a.ID, StoryID: story, Title: a.Title, Body: a.Body, Published: a.Published}
}

func doc(a *news.Article) cluster.Doc {
	return cluster.Doc{
		ID:        a.ID,
		Title:     a.Title,
		Body:      a.Body,
		Published: a.Published,
		Source:    a.Source,
		Language:  a.Language,
	}
}

// StorylineExplain says why story is in its storyline.
func (p *Pipeline) StorylineExplain(story int64) (storyline.Explanation, bool) {
	if p.lines == nil {
		return storyline.Explanation{}, false
	}
	return p.lines.Explain(story)
}
