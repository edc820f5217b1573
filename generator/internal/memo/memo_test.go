package memo

import (
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
)

// TestMemo: a kept value is computed once; a failure is computed again;
// past the bound values are computed every time, still correct.
func TestMemo(t *testing.T) {
	var m Memo[string]
	calls := map[string]int{}
	get := func(key string, err error) (string, error) {
		return m.Get(key, func() (string, error) {
			calls[key]++
			return "v" + key, err
		})
	}
	for range 3 {
		if v, err := get("a", nil); v != "va" || err != nil {
			t.Fatalf("a: %q, %v", v, err)
		}
	}
	if calls["a"] != 1 {
		t.Errorf("a computed %d times, want 1", calls["a"])
	}
	fail := errors.New("no")
	for range 2 {
		if _, err := get("bad", fail); err != fail {
			t.Fatalf("bad: %v", err)
		}
	}
	if calls["bad"] != 2 {
		t.Errorf("a failure computed %d times, want 2 (never kept)", calls["bad"])
	}
	for i := range 2 * maxKept {
		get(fmt.Sprint(i), nil)
	}
	late := fmt.Sprint(2*maxKept - 1)
	if v, _ := get(late, nil); v != "v"+late || calls[late] != 2 {
		t.Errorf("past the bound: %q computed %d times, want 2", v, calls[late])
	}
}

// TestMemoWaits: a Get of a key another goroutine is computing waits for
// that value, computing nothing; a Get of a key whose compute panicked
// gets an error, not a zero value.
func TestMemoWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var m Memo[string]
		release := make(chan struct{})
		first := make(chan string)
		go func() {
			v, _ := m.Get("k", func() (string, error) {
				<-release
				return "computed first", nil
			})
			first <- v
		}()
		synctest.Wait() // the first Get is computing, blocked on release
		second := make(chan string)
		go func() {
			v, _ := m.Get("k", func() (string, error) {
				t.Error("the second Get computed the value again")
				return "computed again", nil
			})
			second <- v
		}()
		synctest.Wait() // the second Get is waiting for the first
		close(release)
		if a, b := <-first, <-second; a != "computed first" || b != a {
			t.Errorf("first Get %q, second %q; want both %q", a, b, "computed first")
		}
	})

	var m Memo[int]
	func() {
		defer func() { recover() }()
		m.Get("p", func() (int, error) { panic("boom") })
	}()
	if v, err := m.Get("p", func() (int, error) { return 7, nil }); v != 7 || err != nil {
		t.Errorf("after a panic: %d, %v; want 7 computed anew", v, err)
	}
}
