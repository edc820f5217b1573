package lazyregexp

import (
	"regexp"
	"slices"
	"sync"
	"testing"
)

// Each method answers as regexp.Regexp's does, and String is the source.
func TestLikeRegexp(t *testing.T) {
	const src = `^([a-z]{2,3})-(\d+)$`
	lazy, re := New(src), regexp.MustCompile(src)
	if lazy.String() != src {
		t.Errorf("String() = %q, want %q", lazy.String(), src)
	}
	for _, s := range []string{"", "ab-1", "abc-42", "abcd-1", "a-1", "ab-", "AB-1", "x ab-1"} {
		if got, want := lazy.MatchString(s), re.MatchString(s); got != want {
			t.Errorf("MatchString(%q) = %t, want %t", s, got, want)
		}
		if got, want := lazy.Match([]byte(s)), re.Match([]byte(s)); got != want {
			t.Errorf("Match(%q) = %t, want %t", s, got, want)
		}
		if got, want := lazy.FindStringSubmatch(s), re.FindStringSubmatch(s); !slices.Equal(got, want) {
			t.Errorf("FindStringSubmatch(%q) = %q, want %q", s, got, want)
		}
		if got, want := lazy.FindStringIndex(s), re.FindStringIndex(s); !slices.Equal(got, want) {
			t.Errorf("FindStringIndex(%q) = %v, want %v", s, got, want)
		}
		if got, want := lazy.ReplaceAll([]byte(s), []byte("$2.$1")), re.ReplaceAll([]byte(s), []byte("$2.$1")); string(got) != string(want) {
			t.Errorf("ReplaceAll(%q) = %q, want %q", s, got, want)
		}
	}
}

// panics reports whether f panics.
func panics(f func()) (panicked bool) {
	defer func() { panicked = recover() != nil }()
	f()
	return false
}

// A bad pattern is compiled, and panics, at its first use; in a test
// binary at New, where the package's variables are initialized.
func TestCompiledOnFirstUse(t *testing.T) {
	if !panics(func() { New(`(`) }) {
		t.Error("in a test, New(`(`) did not panic")
	}
	defer func(was bool) { inTest = was }(inTest)
	inTest = false
	var r *Regexp
	if panics(func() { r = New(`(`) }) {
		t.Fatal("New(`(`) compiled the expression")
	}
	if r.String() != `(` {
		t.Errorf("String() = %q", r.String())
	}
	if !panics(func() { r.MatchString("") }) {
		t.Error("MatchString on `(` did not panic")
	}
}

// Outside tests the first use compiles, and generate's workers may make it
// at once (go test -race watches this one; New compiles every other
// pattern of a test binary before any goroutine starts).
func TestConcurrentFirstUse(t *testing.T) {
	defer func(was bool) { inTest = was }(inTest)
	inTest = false
	r := New(`^a+$`)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !r.MatchString("aaa") || r.MatchString("ab") {
				t.Error("MatchString answers wrongly")
			}
		}()
	}
	wg.Wait()
}
