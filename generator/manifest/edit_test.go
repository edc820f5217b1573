package manifest

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWithPhase(t *testing.T) {
	src, err := os.ReadFile("../../examples/migrate-inventory/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	added, err := WithPhase(src, "m.yaml", PhaseAdd)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(string(src), "pattern: service-endpoint\n", "pattern: service-endpoint\nmigration:\n  phase: add\n", 1)
	if diff := cmp.Diff(want, string(added)); diff != "" {
		t.Errorf("add (-want +got):\n%s", diff)
	}
	m, diags := Load(added, "m.yaml", PhaseNone)
	if diags.HasErrors() || m.Phase != PhaseAdd {
		t.Fatalf("phase %q, %v", m.Phase, diags)
	}
	cut, err := WithPhase(added, "m.yaml", PhaseCutover)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Replace(want, "phase: add", "phase: cutover", 1), string(cut)); diff != "" {
		t.Errorf("cutover (-want +got):\n%s", diff)
	}
	// CRLF files stay CRLF; quoted values are replaced whole.
	crlf := strings.ReplaceAll(string(src), "\n", "\r\n")
	got, err := WithPhase([]byte(crlf), "m.yaml", PhaseAdd)
	if err != nil || !strings.Contains(string(got), "pattern: service-endpoint\r\nmigration:\r\n  phase: add\r\n") {
		t.Errorf("CRLF: %v\n%q", err, got)
	}
	quoted, _ := WithPhase([]byte(strings.Replace(string(cut), "phase: cutover", `phase: "cutover" # since May`, 1)), "m.yaml", PhaseCleanup)
	if !strings.Contains(string(quoted), "phase: cleanup # since May") {
		t.Errorf("quoted value not replaced whole:\n%s", quoted)
	}
	if _, err := WithPhase(src, "m.yaml", "bogus"); err == nil {
		t.Error("bogus phase accepted")
	}
}
