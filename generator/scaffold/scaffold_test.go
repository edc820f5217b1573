package scaffold

import (
	"os"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"golang.org/x/mod/modfile"
)

// TestGoldens renders the scaffold for each CI system and compares it with
// testdata/<ci>/ (make golden rewrites them). The three runs also cover the
// three kinds of version: a release pins CI and pre-commit to itself; a
// development build and a pseudo-version (a commit that may exist only
// where endpointgen was built) use the latest release and main.
func TestGoldens(t *testing.T) {
	for _, tc := range []struct {
		ci      CI
		version string
	}{
		{GitHub, "v1.4.0"},
		{AzurePipelines, "(devel)"},
		{GitLab, "v0.0.0-20260824201233-57f5797abcde"},
	} {
		t.Run(string(tc.ci), func(t *testing.T) {
			files, err := Files(Options{CI: tc.ci, Version: tc.version})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]byte{}
			for _, f := range files {
				got[f.Name] = f.Bytes
			}
			golden.Dir(t, "testdata/"+string(tc.ci), got)
		})
	}
}

func TestDefaultCIIsGitHub(t *testing.T) {
	files, err := Files(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if !strings.Contains(strings.Join(names, " "), ".github/workflows/endpointgen.yml") {
		t.Errorf("files: %v, want the GitHub workflow", names)
	}
}

func TestParseCI(t *testing.T) {
	for _, c := range CIs {
		if got, err := ParseCI(string(c)); err != nil || got != c {
			t.Errorf("ParseCI(%q) = %q, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "GitHub", "jenkins", "azure"} {
		if _, err := ParseCI(bad); err == nil || !strings.Contains(err.Error(), "github, azure-pipelines or gitlab") {
			t.Errorf("ParseCI(%q): %v, want an error naming the CI systems", bad, err)
		}
	}
	if _, err := Files(Options{CI: "jenkins"}); err == nil {
		t.Error("Files accepted an unknown CI system")
	}
}

func TestReleased(t *testing.T) {
	for v, want := range map[string]bool{
		"v1.4.0":                               true,
		"v2.0.0-rc.1":                          true,
		"(devel)":                              false,
		"":                                     false,
		"1.4.0":                                false, // go install and git tags need the v
		"v1.4.0+dirty":                         false, // built from a modified checkout
		"v1.4.1-0.20260824201233-57f5797abcde": false, // pseudo-versions: the commit may be local
		"v0.0.0-20260824201233-57f5797abcde":   false,
		"v0.0.0-20260824201233-57f5797abcde+dirty":  false,
		"v1.4.1-rc.1.0.20260824201233-57f5797abcde": false,
	} {
		if got := Released(v); got != want {
			t.Errorf("Released(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestPinsMatchGoMod: the module path CI installs from is the one go.mod
// declares, and the Go release CI installs is the one go.mod requires.
func TestPinsMatchGoMod(t *testing.T) {
	src, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	mod, err := modfile.ParseLax("go.mod", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if mod.Module.Mod.Path != Module {
		t.Errorf("Module = %q, go.mod declares %q", Module, mod.Module.Mod.Path)
	}
	if parts := strings.Split(mod.Go.Version, "."); len(parts) < 2 || parts[0]+"."+parts[1] != Go {
		t.Errorf("Go = %q, go.mod requires go %s", Go, mod.Go.Version)
	}
}
