// Package lazyregexp is a regular expression compiled on first use instead
// of at package initialization, like Go's own internal/lazyregexp
// (https://github.com/golang/go/blob/master/src/internal/lazyregexp/lazyre.go):
// every endpointgen process (one per pre-commit hook, one per CI step)
// would otherwise compile all of its patterns before main, though a run
// uses a few, and those with counted repetition ({0,62}) are large
// programs. In a test binary each is compiled at once, so that a bad
// pattern fails every test of its package, not only those that use it.
package lazyregexp

import (
	"os"
	"regexp"
	"strings"
	"sync"
)

// Regexp is a regular expression compiled on first use.
type Regexp struct {
	str string
	re  func() *regexp.Regexp
}

// New returns the regular expression str, compiled (with
// regexp.MustCompile) when a method first needs it.
func New(str string) *Regexp {
	r := &Regexp{str: str, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(str) })}
	if inTest {
		r.re()
	}
	return r
}

// inTest is Go's own test for a test binary (go test names it PKG.test): a
// binary named so elsewhere only compiles its patterns early.
var inTest = len(os.Args) > 0 && strings.HasSuffix(strings.TrimSuffix(os.Args[0], ".exe"), ".test")

// String returns the source text, without compiling it.
func (r *Regexp) String() string { return r.str }

// MatchString is regexp.Regexp's, on the compiled expression.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// Match is regexp.Regexp's, on the compiled expression.
func (r *Regexp) Match(b []byte) bool { return r.re().Match(b) }

// FindStringSubmatch is regexp.Regexp's, on the compiled expression.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// FindStringIndex is regexp.Regexp's, on the compiled expression.
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

// FindAll is regexp.Regexp's, on the compiled expression.
func (r *Regexp) FindAll(b []byte, n int) [][]byte { return r.re().FindAll(b, n) }

// FindAllSubmatch is regexp.Regexp's, on the compiled expression.
func (r *Regexp) FindAllSubmatch(b []byte, n int) [][][]byte { return r.re().FindAllSubmatch(b, n) }

// ReplaceAll is regexp.Regexp's, on the compiled expression.
func (r *Regexp) ReplaceAll(src, repl []byte) []byte { return r.re().ReplaceAll(src, repl) }
