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

// TestWithPhaseByHand: where the edit would change more than the phase
// (a block scalar for the pattern or the phase, the value on the next
// line), WithPhase refuses and asks for the edit by hand; a plain value on
// the next line is replaced where it stands.
func TestWithPhaseByHand(t *testing.T) {
	const head = "apiVersion: endpointgen/v1\nname: lit\nlocation: westeurope\n"
	const tail = "network:\n  subnet: {address_prefixes: [10.0.1.0/24]}\nservices: [{type: storage, name: stlit01}]\n"
	for _, src := range []string{
		head + "pattern: >-\n  service-endpoint\n" + tail,
		head + "pattern: |-\n  service-endpoint\n" + tail,
		head + "pattern: service-endpoint\nmigration:\n  phase: >-\n    add\n" + tail,
		head + "pattern: service-endpoint\nmigration:\n  phase: |-\n    add\n" + tail,
	} {
		if _, diags := Load([]byte(src), "m.yaml", PhaseNone); diags.HasErrors() {
			t.Fatalf("%s: %s", src, diags.Error())
		}
		got, err := WithPhase([]byte(src), "m.yaml", PhaseCutover)
		if err == nil || !strings.Contains(err.Error(), "m.yaml: set migration.phase: cutover by hand") {
			t.Errorf("%s: %v\n%s", src, err, got)
		}
	}
	next := head + "pattern: service-endpoint\nmigration:\n  phase:\n    add # since May\n" + tail
	got, err := WithPhase([]byte(next), "m.yaml", PhaseCutover)
	if want := strings.Replace(next, "    add #", "    cutover #", 1); err != nil || string(got) != want {
		t.Errorf("the value on the next line: %v\n%s", err, got)
	}
}
