// Package golden compares generated output with the files checked into the
// repository, and rewrites them when the tests run with -update. Every
// golden of the repo (examples, migration fixtures, the JSON Schema) goes
// through it, so `make golden` refreshes them all the same way.
package golden

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from the generated output; read the diff before committing")

// Updating reports whether the tests run with -update.
func Updating() bool { return *update }

// Dir compares got (slash-separated file name → contents) with the regular
// files in dir and its subdirectories: missing, extra and changed files
// all fail the test. With -update it first rewrites dir to hold exactly got.
func Dir(t *testing.T, dir string, got map[string][]byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name := range ReadDir(t, dir) {
			if _, ok := got[name]; !ok {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
					t.Fatal(err)
				}
			}
		}
		for name, b := range got {
			path := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, path, b)
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

// ReadDir returns the regular files in dir and its subdirectories by
// slash-separated name ("main.tf", "tests/posture.tftest.hcl").
func ReadDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		if *update && errors.Is(err, fs.ErrNotExist) {
			return map[string]string{}
		}
		t.Fatalf("reading golden directory: %v (run `make golden` to create it)", err)
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
