//go:build !unix

package outdir

import (
	"io/fs"
	"os"
)

// readFile is os.ReadFile (see files_unix.go for why it has a name of its own).
func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

// writeFile is os.WriteFile.
func writeFile(name string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(name, data, perm)
}
