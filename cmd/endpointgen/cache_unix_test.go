//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestModuleIndexNotAFile: a FIFO or a symlink to /dev/zero where the
// index belongs is no index: the run neither blocks on it nor reads without
// end, and writes its index in its place.
func TestModuleIndexNotAFile(t *testing.T) {
	for name, place := range map[string]func(path string) error{
		"a FIFO":              func(path string) error { return syscall.Mkfifo(path, 0o644) },
		"a link to /dev/zero": func(path string) error { return os.Symlink("/dev/zero", path) },
	} {
		t.Run(name, func(t *testing.T) {
			cache := t.TempDir()
			t.Setenv("ENDPOINTGEN_MODULE_CACHE", cache)
			root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa")})
			out := filepath.Join(root, "stacks")
			file := openModuleIndex(&generateOptions{outDir: out}, nil).file
			if err := place(file); err != nil {
				t.Skip(err)
			}
			done := make(chan string, 1)
			go func() {
				code, _, stderr := runCLI(t, "generate", filepath.Join(root, "workloads"), "-o", out, "-q")
				if code != 0 {
					stderr = "exit " + stderr
				} else {
					stderr = ""
				}
				done <- stderr
			}()
			select {
			case problem := <-done:
				if problem != "" {
					t.Fatal(problem)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("generate still runs after 30 s")
			}
			if info, err := os.Lstat(file); err != nil || !info.Mode().IsRegular() {
				t.Errorf("no index written in its place: %v, %v", info, err)
			}
			if x := openModuleIndex(&generateOptions{outDir: out}, nil); len(x.entries) != 1 {
				t.Errorf("%d entries, want 1", len(x.entries))
			}
		})
	}
}
