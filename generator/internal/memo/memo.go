// Package memo keeps values computed once per key for the few keys a run
// repeats (the same templates parsed, the same rendered versions.tf
// formatted, for each of a thousand workloads), safely across goroutines.
package memo

import (
	"errors"
	"sync"
	"sync/atomic"
)

// maxKept bounds how many values a Memo keeps: a run repeats a few keys,
// and one whose keys never repeat must not grow without end.
const maxKept = 64

// Memo maps keys to values computed once; the zero value is ready to use.
type Memo[V any] struct {
	values sync.Map // string → *entry[V]
	kept   atomic.Int32
}

// entry is one key's value, ready once done is closed.
type entry[V any] struct {
	done chan struct{}
	v    V
	err  error
}

var errPanicked = errors.New("memo: computing the value panicked")

// Get returns the value of key, computing it with compute when the memo
// does not hold it. A caller that asks while another computes the same key
// waits for that value instead of computing it again (so a value prepared
// ahead on another goroutine is never computed twice). A failure is
// returned to those waiting and not kept; past the bound, values are
// computed and not kept. compute must not Get its own key: it would wait
// for itself.
func (m *Memo[V]) Get(key string, compute func() (V, error)) (V, error) {
	if e, ok := m.values.Load(key); ok {
		return e.(*entry[V]).wait()
	}
	if m.kept.Add(1) > maxKept {
		m.kept.Add(-1)
		return compute()
	}
	e := &entry[V]{done: make(chan struct{})}
	if prev, loaded := m.values.LoadOrStore(key, e); loaded {
		m.kept.Add(-1)
		return prev.(*entry[V]).wait()
	}
	defer func() {
		if e.err != nil {
			m.values.CompareAndDelete(key, e)
			m.kept.Add(-1)
		}
		close(e.done)
	}()
	// What stays if compute panics: those waiting then get an error,
	// not a zero value.
	e.err = errPanicked
	e.v, e.err = compute()
	return e.v, e.err
}

func (e *entry[V]) wait() (V, error) {
	<-e.done
	return e.v, e.err
}
