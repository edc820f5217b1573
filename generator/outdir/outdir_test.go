package outdir

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/google/go-cmp/cmp"
)

func TestApplyPutsEverythingBackOnFailure(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("old main\n"), 0o644)
	// A deletion that must fail: a non-empty directory where a file was.
	os.MkdirAll(filepath.Join(dir, "stale.tf", "x"), 0o755)
	changes := []Change{
		{Name: "main.tf", Kind: Changed, Old: []byte("old main\n"), New: []byte("new main\n")},
		{Name: "new.tf", Kind: Created, New: []byte("new file\n")},
		{Name: "stale.tf", Kind: Deleted, Old: []byte("stale\n")},
	}
	if err := Apply(dir, changes); err == nil {
		t.Fatal("Apply succeeded; the test needs the deletion to fail")
	}
	main, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	got := map[string]string{"main.tf": string(main)}
	if _, err := os.Stat(filepath.Join(dir, "new.tf")); err == nil {
		got["new.tf"] = "still there"
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d entries left in the directory, want main.tf and stale.tf", len(entries))
	}
	if diff := cmp.Diff(map[string]string{"main.tf": "old main\n"}, got); diff != "" {
		t.Errorf("directory not restored (-want +got):\n%s", diff)
	}
}

func TestApplyInsideTheTarget(t *testing.T) {
	// The temporary directory lives inside the target, so renames never
	// cross a filesystem boundary (an output directory that is a mount
	// point) and nothing is left beside it.
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	if err := Apply(dir, []Change{{Name: "a.tf", Kind: Created, New: []byte("a\n")}}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("Apply left %d entries beside the target", len(entries))
	}
	if diff := cmp.Diff(map[string]string{"a.tf": "a\n"}, golden.ReadDir(t, dir)); diff != "" {
		t.Error(diff)
	}
}
