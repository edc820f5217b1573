package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/endpointgen/endpointgen/generator/outdir"
)

// isTerminal reports whether w is a terminal (a character device), where a
// line rewritten in place reads as progress. TERM=dumb opts out.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress shows how far a run over many manifests is ("generating 37 of
// 1000") on one line of stderr that each step rewrites in place. It shows
// nothing when stderr is not a terminal, so CI logs (and the tests, which
// capture stderr) get only whole lines.
type progress struct {
	mu          sync.Mutex
	w           io.Writer // nil: show nothing
	verb        string
	done, total int
	shown       int // length of the line on screen; 0 when there is none
}

// newProgress counts total steps of verb; a single step needs no progress.
func newProgress(s streams, verb string, total int) *progress {
	p := &progress{verb: verb, total: total}
	if s.errTerminal && total > 1 {
		p.w = s.err
	}
	return p
}

// step counts one more step done and redraws the line. Workers running in
// parallel call it.
func (p *progress) step() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	if p.w == nil {
		return
	}
	line := fmt.Sprintf("%s %d of %d", p.verb, p.done, p.total)
	// Blanks over what is left of a longer line shown before.
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", max(p.shown-len(line), 0)))
	p.shown = len(line)
}

// restart counts the steps of another verb from zero.
func (p *progress) restart(verb string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.verb, p.done = verb, 0
}

// clear blanks the line, before other output and at the end; the next step
// draws it again.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w == nil || p.shown == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.shown))
	p.shown = 0
}

// moduleCounts sums up a run over a directory of manifests: how many
// modules were created, changed, left unchanged or pruned.
type moduleCounts struct {
	created, changed, unchanged, pruned int
}

// add counts one module by what writing it did: created when every file is
// new, unchanged when none changed, else changed.
func (m *moduleCounts) add(changes []outdir.Change) {
	kinds := map[outdir.ChangeKind]int{}
	for _, c := range changes {
		kinds[c.Kind]++
	}
	switch len(changes) {
	case kinds[outdir.Unchanged]:
		m.unchanged++
	case kinds[outdir.Created]:
		m.created++
	default:
		m.changed++
	}
}

func (m moduleCounts) String() string {
	s := fmt.Sprintf("%s: %d created, %d changed, %d unchanged", modules(m.created+m.changed+m.unchanged), m.created, m.changed, m.unchanged)
	if m.pruned > 0 {
		s += fmt.Sprintf(", %d pruned", m.pruned)
	}
	return s
}

// modules is "1 module" or "N modules".
func modules(n int) string {
	if n == 1 {
		return "1 module"
	}
	return fmt.Sprintf("%d modules", n)
}
