package memo

import (
	"errors"
	"fmt"
	"testing"
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
