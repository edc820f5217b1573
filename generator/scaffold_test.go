package generator

import (
	"path"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/scaffold"
)

// TestScaffoldStacks: every sample manifest is valid without a warning
// (inheriting the scaffold's endpointgen.yaml), and
// its stack in the scaffold is what Generate makes of it, in
// stacks/<stack>/.
func TestScaffoldStacks(t *testing.T) {
	files, err := Scaffold(scaffold.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Bytes
	}
	stacks := 0
	for name := range byName {
		if strings.HasPrefix(name, "stacks/") {
			stacks++
		}
	}
	defaults, diags := manifest.LoadRepoDefaults(byName[manifest.RepoDefaultsFile], manifest.RepoDefaultsFile)
	if len(diags) > 0 {
		t.Fatalf("%s: %s", manifest.RepoDefaultsFile, diags.Error())
	}
	want := 0
	for _, w := range scaffold.Workloads {
		name := path.Join("workloads", w.File)
		src := byName[name]
		m, diags := Generate(src, name, Options{Defaults: defaults})
		if len(diags) > 0 {
			t.Errorf("%s: %s", name, diags.Error())
			continue
		}
		if !strings.Contains(string(src), "pattern: "+w.Pattern+"\n") {
			t.Errorf("%s is not a %s manifest", name, w.Pattern)
		}
		for _, f := range m {
			want++
			if got := byName[path.Join("stacks", w.Stack, f.Name)]; string(got) != string(f.Bytes) {
				t.Errorf("stacks/%s/%s differs from what generate writes", w.Stack, f.Name)
			}
		}
	}
	if stacks != want {
		t.Errorf("%d files in stacks/, want %d", stacks, want)
	}
}
