// Package memo keeps values computed once per key for the few keys a run
// repeats (the same templates parsed, the same rendered versions.tf
// formatted, for each of a thousand workloads), safely across goroutines.
package memo

import (
	"sync"
	"sync/atomic"
)

// maxKept bounds how many values a Memo keeps: a run repeats a few keys,
// and one whose keys never repeat must not grow without end.
const maxKept = 64

// Memo maps keys to values computed once; the zero value is ready to use.
type Memo[V any] struct {
	values sync.Map // string → V
	kept   atomic.Int32
}

// Get returns the value of key, computing it with compute when the memo
// does not hold it. A value whose compute failed is not kept, nor is one
// beyond the bound; two goroutines may both compute the same key first.
func (m *Memo[V]) Get(key string, compute func() (V, error)) (V, error) {
	if v, ok := m.values.Load(key); ok {
		return v.(V), nil
	}
	v, err := compute()
	if err == nil && m.kept.Load() < maxKept && m.kept.Add(1) <= maxKept {
		m.values.Store(key, v)
	}
	return v, err
}
