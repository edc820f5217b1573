// Package golden compares generated output with the files checked into the
// repository, and rewrites them when the tests run with -update. Every
// golden of the repo (examples, migration fixtures, the JSON Schema) goes
// through it, so `make golden` refreshes them all the same way.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from the generated output; read the diff before committing")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Dir compares got (file name → contents) with the regular files directly in
// dir: missing, extra and changed files all fail the test. With -update it
// first rewrites dir to hold exactly got.
func Dir(t *testing.T, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name := range ReadDir(t, dir) {
			if _, ok := got[name]; !ok {
				if err := os.Remove(filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for name, b := range got {
			write(t, filepath.Join(dir, name), b)
		}
	}
	want := ReadDir(t, dir)
	gotText := map[string]string{}
	for name, b := range got {
		gotText[name] = string(b)
	}
	if diff := cmp.Diff(want, gotText); diff != "" {
		t.Errorf("generated output differs from %s (-want +got); run `make golden` and read the diff:\n%s", dir, diff)
	}
}

// File compares got with the file at path; with -update it rewrites it.
func File(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		write(t, path, got)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file: %v (run `make golden` to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the generated output (-want +got); run `make golden` and read the diff:\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

// ReadDir returns the regular files directly in dir by name.
func ReadDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		if *update && os.IsNotExist(err) {
			return map[string]string{}
		}
		t.Fatalf("reading golden directory: %v (run `make golden` to create it)", err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
