package migrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
)

// FuzzRun feeds arbitrary Terraform text to every phase: whatever the
// input, Run returns changes or an error, never panics.
func FuzzRun(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*/*.tf")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, phase := range manifest.Phases {
			changes, err := Run(dir, Options{Phase: phase})
			if err != nil && changes != nil {
				t.Fatalf("%s: changes returned with an error", phase)
			}
		}
	})
}
