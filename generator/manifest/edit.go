package manifest

import (
	"bytes"
	"fmt"
	"reflect"

	"github.com/hashicorp/hcl/v2"
)

// WithPhase returns src with migration.phase set to phase, changing nothing
// else: the value is replaced where it stands, or a migration block is
// inserted after the pattern line. src must load without errors; filename
// is used only in messages. Where that edit would change more than the
// phase (a value written as a block scalar, `pattern: >-` with the value on
// the next line, say), it returns an error asking for the edit by hand.
func WithPhase(src []byte, filename string, phase Phase) ([]byte, error) {
	if _, err := ParsePhase(string(phase)); err != nil {
		return nil, err
	}
	m, pos, diags := decodeManifest(src, filename)
	if m == nil || diags.HasErrors() {
		return nil, fmt.Errorf("%s does not decode: %s", filename, diags.Error())
	}
	out, err := withPhase(src, filename, phase, pos)
	if err != nil {
		return nil, err
	}
	// The edit is checked on what it gives: the same manifest but for
	// the phase.
	after, _, diags := decodeManifest(out, filename)
	if after != nil && !diags.HasErrors() && after.Migration.Phase == phase {
		after.Migration = m.Migration
		if reflect.DeepEqual(m, after) {
			return out, nil
		}
	}
	return nil, fmt.Errorf("%s: set migration.phase: %s by hand (endpointgen replaces a value on the line of its key, or adds a migration block after the pattern line, and here that would change more than the phase)", filename, phase)
}

// withPhase makes WithPhase's edit of src, whose positions are pos.
func withPhase(src []byte, filename string, phase Phase, pos positions) ([]byte, error) {
	if r, ok := pos["migration.phase"]; ok {
		return splice(src, r.Start.Byte, r.End.Byte, string(phase)), nil
	}
	if _, ok := pos["migration"]; ok {
		return nil, fmt.Errorf("%s: set migration.phase: %s by hand", filename, phase)
	}
	key, ok := pos["pattern"+keySuffix]
	if !ok || key.Start.Column != 1 {
		return nil, fmt.Errorf("%s: add `migration: {phase: %s}` by hand (no top-level pattern line to put it after)", filename, phase)
	}
	end := lineEnd(src, pos["pattern"])
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	block := "migration:" + nl + "  phase: " + string(phase) + nl
	if end == len(src) && !bytes.HasSuffix(src, []byte("\n")) {
		block = nl + block
	}
	return splice(src, end, end, block), nil
}

// lineEnd is the byte offset just after the line break that ends r's line.
func lineEnd(src []byte, r hcl.Range) int {
	i := bytes.IndexByte(src[r.End.Byte:], '\n')
	if i < 0 {
		return len(src)
	}
	return r.End.Byte + i + 1
}

func splice(src []byte, from, to int, text string) []byte {
	out := append([]byte(nil), src[:from]...)
	out = append(out, text...)
	return append(out, src[to:]...)
}
