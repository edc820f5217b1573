package manifest

import (
	"bytes"
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// WithPhase returns src with migration.phase set to phase, changing nothing
// else: the value is replaced where it stands, or a migration block is
// inserted after the pattern line. src must load without errors; filename
// is used only in messages.
func WithPhase(src []byte, filename string, phase Phase) ([]byte, error) {
	if _, err := ParsePhase(string(phase)); err != nil {
		return nil, err
	}
	m, pos, diags := decodeManifest(src, filename)
	if m == nil || diags.HasErrors() {
		return nil, fmt.Errorf("%s does not decode: %s", filename, diags.Error())
	}
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
