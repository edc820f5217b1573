package generator

import (
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
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

// TestScaffoldDefaultsUncommented: the dns, naming and backend blocks the
// scaffold's endpointgen.yaml shows commented out are valid once a user
// uncomments them, and the samples still generate under them.
func TestScaffoldDefaultsUncommented(t *testing.T) {
	files, err := scaffold.Files(scaffold.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Bytes
	}
	var out []string
	inBlock, uncommented := false, 0
	for _, line := range strings.Split(string(byName[manifest.RepoDefaultsFile]), "\n") {
		switch {
		case line == "# dns:" || line == "# naming:" || line == "# backend:":
			inBlock = true
			line = line[2:]
			uncommented++
		case inBlock && strings.HasPrefix(line, "#   "):
			line = line[2:]
		default:
			inBlock = false
		}
		out = append(out, line)
	}
	if uncommented != 3 {
		t.Fatalf("found %d commented blocks, want dns, naming and backend", uncommented)
	}
	// The samples' resource IDs are placeholders, refused as such until
	// they are replaced.
	src := strings.Join(out, "\n")
	_, diags := manifest.LoadRepoDefaults([]byte(src), manifest.RepoDefaultsFile)
	placeholders := 0
	for _, d := range diags {
		if d.Summary != "Placeholder ID" {
			t.Errorf("uncommented defaults: %s: %s", d.Summary, d.Detail)
		}
		placeholders++
	}
	if placeholders == 0 {
		t.Error("the samples' placeholder IDs are not refused")
	}
	src = strings.ReplaceAll(src, "/subscriptions/00000000-0000-0000-0000-000000000000/", "/subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/")
	defaults, diags := manifest.LoadRepoDefaults([]byte(src), manifest.RepoDefaultsFile)
	if diags.HasErrors() || defaults.Backend == nil || defaults.DNS.Mode != manifest.DNSExisting || defaults.Naming.PrivateEndpoint == "" {
		t.Fatalf("uncommented defaults: %v\n%s", diags, src)
	}
	for _, w := range scaffold.Workloads {
		name := path.Join("workloads", w.File)
		files, diags := Generate(byName[name], name, Options{Defaults: defaults})
		if len(diags) > 0 {
			t.Errorf("%s: %s", name, diags.Error())
		}
		if !slices.ContainsFunc(files, func(f outdir.File) bool { return f.Name == "backend.tf" }) {
			t.Errorf("%s: no backend.tf", name)
		}
	}
}
