package outdir

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestFiles: writeFile and readFile do what os.WriteFile and os.ReadFile
// do: contents of any size round trip, a file is truncated when rewritten,
// the mode is the one asked for (less the umask, as os.WriteFile's), and a
// missing file or folder is fs.ErrNotExist, named in the error.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.tf")
	for _, size := range []int{0, 1, 511, 512, 513, 100_000} {
		want := bytes.Repeat([]byte{'x'}, size)
		if err := writeFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readFile(name)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d: read back %d bytes, %v", size, len(got), err)
		}
	}
	osName := filepath.Join(dir, "os.tf")
	if err := os.WriteFile(osName, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(name+"2", nil, 0o640); err != nil {
		t.Fatal(err)
	}
	mine, _ := os.Stat(name + "2")
	theirs, _ := os.Stat(osName)
	if mine.Mode() != theirs.Mode() {
		t.Errorf("mode %v, os.WriteFile gives %v", mine.Mode(), theirs.Mode())
	}
	missing := filepath.Join(dir, "no", "such.tf")
	if _, err := readFile(missing); !errors.Is(err, fs.ErrNotExist) || !bytes.Contains([]byte(err.Error()), []byte(missing)) {
		t.Errorf("readFile of a missing file: %v", err)
	}
	if err := writeFile(missing, nil, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writeFile into a missing folder: %v", err)
	}
	if _, err := readFile(dir); err == nil {
		t.Error("readFile of a folder: no error")
	}
	// A file whose size says 0 is read to its end all the same, past
	// the first buffer.
	if runtime.GOOS == "linux" {
		b, err := readFile("/proc/self/status")
		if err != nil || !bytes.HasPrefix(b, []byte("Name:")) || !bytes.Contains(b, []byte("\nVmRSS:")) {
			t.Errorf("readFile of /proc/self/status: %d bytes, %v", len(b), err)
		}
	}
}
