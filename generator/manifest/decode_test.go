package manifest

import "testing"

// TestYAMLErrorLine places YAML syntax errors on the line of the mistake:
// the YAML library reports a tab on the line where the scalar before it
// started, and a parser error at the start of the enclosing block.
func TestYAMLErrorLine(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int
	}{
		{"a: 1\nb:\n\tc: 2\n", 3},
		{"a: 1\nb: 2\n\tc: 3\n", 3},
		{"a: 1\nb: 2\n\n\tc: 3\n", 4},
		{"a: 1\nb: 2\n  more\n\tc: 3\n", 4},
		{"a: 1\n\tb: 2\n", 2},
		{"a: 1\nb:\n  c: 1\n\t d: 2\n", 4},
		{"a: 1\nb:\n  c: 1\n  \td: 2\n", 4},
		{"a: 1\nb:\n  c: 2\n d: 3\n", 4},
		{"a: 1\nb:\n  c: 2\n\n d: 3\n", 5},
		{"a: 1\nb:\n  c: 2\n  e: 4\n d: 3\n", 5},
		{"a: 1\nb:\n  c: 2\n   d: 3\n", 4},
		{"a: 1\nb:\n  - x\n - y\n", 4},
		{"a:\n  b:\n    c: 1\n   d: 2\n", 4},
		{"a:\n  b:\n    c: 1\n   d: 2\ne: 3\n", 4},
		{"a: 1\ns:\n  - t: x\n    n: y\n   k: z\n", 5},
		{"a: 1\ns:\n  - t: x\n    n: y\n  k: z\n", 5},
		{"a: 1\ns:\n  - t: x\n\n    n: y\n   k: z\n", 6},
		{"a: 1\ns:\n  - t: x\n    n: y\n  - t: x\n    # note\n    n: y\n   k: z\n", 8},
		{"a: 1\ns:\n- t: x\n  n: y\n k: z\n", 5},
		{"a: 1\nb: [x\nc: 2\n", 2},
		{"a: 1\nb: c: d\n", 2},
	} {
		_, _, diags := decodeManifest([]byte(tc.src), "m.yaml")
		if len(diags) != 1 || diags[0].Summary != "Invalid YAML" {
			t.Errorf("%q: want one Invalid YAML, got %s", tc.src, diags.Error())
			continue
		}
		if got := diags[0].Subject.Start.Line; got != tc.line {
			t.Errorf("%q: line %d, want %d (%s)", tc.src, got, tc.line, diags[0].Detail)
		}
	}
}

// TestDuplicateFieldNamesTheFirst: the error at a repeated field names
// the line where it was first given.
func TestDuplicateFieldNamesTheFirst(t *testing.T) {
	src := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: sta01\nname: b\n"
	_, diags := Load([]byte(src), "m.yaml", PhaseNone)
	if len(diags) != 1 || diags[0].Subject.Start.Line != 8 || diags[0].Detail != `"name" is given twice in the manifest; first on line 2.` {
		t.Errorf("got %v", diags)
	}
}
