package generator

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeExample is a code block in README.md preceded by <!-- from: PATH -->.
var readmeExample = regexp.MustCompile("(?s)<!-- from: (\\S+) -->\n```[a-z]*\n(.*?)```")

// TestReadmeExamplesAreTrue keeps the README's pasted output honest: each
// marked code block must stand verbatim in the file it names, which the
// goldens keep true in turn.
func TestReadmeExamplesAreTrue(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := readmeExample.FindAllSubmatch(readme, -1)
	if len(blocks) < 2 {
		t.Fatalf("README.md has %d marked examples; want the manifest and some output", len(blocks))
	}
	for _, b := range blocks {
		path, code := string(b[1]), string(b[2])
		if strings.Count(code, "\n") < 5 {
			t.Errorf("README's block from %s has fewer than 5 lines; paste a meaningful part", path)
		}
		src, err := os.ReadFile(filepath.Join("..", path))
		if err != nil {
			t.Errorf("README names %s: %v", path, err)
			continue
		}
		if !strings.Contains(string(src), code) {
			t.Errorf("README's block from %s is not in that file:\n%s", path, code)
		}
	}
}
