package manifest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInvalidManifests runs every manifest in testdata/invalid. Each marks the
// errors it must produce inline, with "# ERROR: <Summary>" on the line the
// error points at (repeated for several errors on one line); the test wants
// exactly those errors, no more, no fewer.
func TestInvalidManifests(t *testing.T) {
	paths, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata/invalid: %v", err)
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedErrors(src)
			if len(want) == 0 {
				t.Fatal("fixture marks no # ERROR")
			}
			_, diags := Load(src, path, PhaseNone)
			var got []string
			for _, d := range diags {
				if d.Severity != 1 { // hcl.DiagError
					continue
				}
				if d.Subject == nil {
					t.Errorf("error %q has no position", d.Summary)
					continue
				}
				if d.Subject.Filename != path {
					t.Errorf("error %q names file %q, want %q", d.Summary, d.Subject.Filename, path)
				}
				if !strings.Contains(d.Detail, " ") {
					t.Errorf("error %q has no detail", d.Summary)
				}
				got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
			}
			sort.Strings(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\nall diagnostics:\n%s", diff, diags.Error())
			}
		})
	}
}

func expectedErrors(src []byte) []string {
	var want []string
	s := bufio.NewScanner(bytes.NewReader(src))
	for line := 1; s.Scan(); line++ {
		marks := strings.Split(s.Text(), "# ERROR: ")
		for _, summary := range marks[1:] {
			want = append(want, fmt.Sprintf("%d: %s", line, strings.TrimSpace(summary)))
		}
	}
	sort.Strings(want)
	return want
}
