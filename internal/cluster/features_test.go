package cluster

import "testing"

// TestVocabPrune checks that the vocabulary forgets terms seen once long
// ago, and keeps recurring and recent ones.
func TestVocabPrune(t *testing.T) {
	v := newVocab(10)
	doc := func(terms ...feat) {
		v.countDoc()
		for _, f := range terms {
			v.countTerm(v.id(f))
		}
	}
	once, twice, recent := feat{h: 1, name: "once"}, feat{h: 2, name: "twice"}, feat{h: 3}
	doc(once, twice)
	doc(twice)
	idOnce, idTwice := v.id(once), v.id(twice)
	for v.docs < 2*pruneEvery-10 {
		doc()
	}
	doc(recent)
	idRecent := v.id(recent)
	for v.docs < 2*pruneEvery {
		doc()
	}
	if id := v.id(twice); id != idTwice {
		t.Errorf("a term of two documents was forgotten (id %d, was %d)", id, idTwice)
	}
	if id := v.id(recent); id != idRecent {
		t.Errorf("a term seen since the last prune was forgotten (id %d, was %d)", id, idRecent)
	}
	if id := v.id(once); id == idOnce {
		t.Error("a term seen once, two prunes ago, is still known")
	}
	if _, ok := v.names[idOnce]; ok {
		t.Error("the forgotten term's name is still kept")
	}
}
