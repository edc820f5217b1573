package main

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// preCommitHook is a hook of .pre-commit-hooks.yaml, with the keys
// https://pre-commit.com/#creating-new-hooks defines that the file uses; an
// unknown (misspelt) key fails the decoding.
type preCommitHook struct {
	ID            string   `yaml:"id"`
	Name          string   `yaml:"name"`
	Description   string   `yaml:"description"`
	Entry         string   `yaml:"entry"`
	Language      string   `yaml:"language"`
	Files         string   `yaml:"files"`
	Exclude       string   `yaml:"exclude"`
	Args          []string `yaml:"args"`
	PassFilenames *bool    `yaml:"pass_filenames"`
}

func preCommitHooks(t *testing.T) map[string]preCommitHook {
	t.Helper()
	f, err := os.Open("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	var hooks []preCommitHook
	if err := dec.Decode(&hooks); err != nil {
		t.Fatal(err)
	}
	out := map[string]preCommitHook{}
	for _, h := range hooks {
		out[h.ID] = h
	}
	return out
}

// TestPreCommitHooksNameTheCLI: each hook's entry is an endpointgen command
// and its flags and args parse, so renaming a command or flag fails here;
// pre-commit installs the hooks with go install, as language golang.
func TestPreCommitHooksNameTheCLI(t *testing.T) {
	hooks := preCommitHooks(t)
	if ids := slices.Sorted(maps.Keys(hooks)); !slices.Equal(ids, []string{"endpointgen-check", "endpointgen-validate"}) {
		t.Errorf("hooks %v", ids)
	}
	for id, h := range hooks {
		words := strings.Fields(h.Entry)
		if h.Name == "" || h.Language != "golang" || len(words) < 2 || words[0] != "endpointgen" {
			t.Errorf("%s: name %q, language %q, entry %q: want a name, language golang and an endpointgen command", id, h.Name, h.Language, h.Entry)
			continue
		}
		root := newRootCmd(streams{}, "")
		cmd, rest, err := root.Find(words[1:])
		if err != nil || cmd == root {
			t.Errorf("%s: %q is no endpointgen command: %v", id, h.Entry, err)
			continue
		}
		if err := cmd.ParseFlags(append(rest, h.Args...)); err != nil {
			t.Errorf("%s: %q with args %q: %v", id, h.Entry, h.Args, err)
		}
	}
	if check := hooks["endpointgen-check"]; check.PassFilenames == nil || *check.PassFilenames {
		t.Error("endpointgen-check must set pass_filenames: false: it checks the whole tree")
	}

	// The repositories endpointgen init writes use these hooks by id.
	configs, _ := filepath.Glob("../../generator/scaffold/testdata/*/.pre-commit-config.yaml")
	if len(configs) == 0 {
		t.Fatal("no .pre-commit-config.yaml in the scaffold's goldens")
	}
	for _, path := range configs {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var config struct {
			Repos []struct {
				Repo  string `yaml:"repo"`
				Hooks []struct {
					ID string `yaml:"id"`
				} `yaml:"hooks"`
			} `yaml:"repos"`
		}
		if err := yaml.Unmarshal(b, &config); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		used := 0
		for _, r := range config.Repos {
			if r.Repo != "https://github.com/endpointgen/endpointgen" {
				continue
			}
			for _, h := range r.Hooks {
				used++
				if _, ok := hooks[h.ID]; !ok {
					t.Errorf("%s uses hook %s, which .pre-commit-hooks.yaml lacks", path, h.ID)
				}
			}
		}
		if used == 0 {
			t.Errorf("%s uses no endpointgen hook", path)
		}
	}
}

// TestPreCommitHooksRun runs each hook as pre-commit would, in a
// landing-zone repository: validate on the changed manifests its files
// and exclude patterns select (never the repository defaults file), check
// with its args.
func TestPreCommitHooksRun(t *testing.T) {
	hooks := preCommitHooks(t)
	src, err := os.ReadFile(example + "/manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defaults, err := os.ReadFile("../../generator/scaffold/testdata/github/endpointgen.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// A repository as endpointgen init writes it: the defaults at the root.
	t.Chdir(t.TempDir())
	os.Mkdir(".git", 0o755)
	os.WriteFile("endpointgen.yaml", defaults, 0o644)
	for i, name := range []string{"workloads/app.yaml", "workloads/team-a/Db.YML"} {
		// Storage account names of their own (unique in the cloud).
		own := bytes.Replace(src, []byte("stpaymentsprod01"), fmt.Appendf(nil, "stpaymentsprod%02d", i+1), 1)
		os.MkdirAll(filepath.Dir(name), 0o755)
		os.WriteFile(name, own, 0o644)
	}

	// pre-commit matches files, then exclude, on paths relative to the
	// repository root (Python's re; these patterns mean the same in Go's).
	validate := hooks["endpointgen-validate"]
	files, exclude := regexp.MustCompile(validate.Files), regexp.MustCompile(validate.Exclude)
	selected := func(path string) bool { return files.MatchString(path) && !exclude.MatchString(path) }
	for path, want := range map[string]bool{
		"workloads/app.yaml":            true,
		"workloads/team-a/Db.YML":       true,
		"workloads/endpointgen.yaml":    false,
		"workloads/endpointgen.yml":     false,
		"endpointgen.yaml":              false,
		"workloads/my-endpointgen.yaml": true,
		"stacks/app/main.tf":            false,
		".github/workflows/ci.yml":      false,
		".pre-commit-config.yaml":       false,
	} {
		if selected(path) != want {
			t.Errorf("endpointgen-validate selects %s: %v, want %v", path, !want, want)
		}
	}
	hook := func(h preCommitHook, filenames ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(append(append(strings.Fields(h.Entry)[1:], h.Args...), filenames...), strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, stdout, stderr := hook(validate, "workloads/app.yaml", "workloads/team-a/Db.YML"); code != 0 {
		t.Errorf("endpointgen-validate: exit %d: %s %s", code, stdout, stderr)
	}
	os.WriteFile("workloads/bad.yaml", bytes.Replace(src, []byte("location: westeurope"), []byte("location: westeurop"), 1), 0o644)
	if code, _, stderr := hook(validate, "workloads/bad.yaml"); code != 1 || !strings.Contains(stderr, "workloads/bad.yaml:") {
		t.Errorf("endpointgen-validate on a bad manifest: exit %d: %s", code, stderr)
	}
	os.Remove("workloads/bad.yaml")

	check := hooks["endpointgen-check"]
	if code, _, _ := hook(check); code != 3 {
		t.Errorf("endpointgen-check before generate: exit %d, want 3", code)
	}
	if code, _, stderr := runCLI(t, "generate", "workloads", "-o", "stacks"); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, stderr := hook(check); code != 0 {
		t.Errorf("endpointgen-check after generate: exit %d: %s %s", code, stdout, stderr)
	}
	os.WriteFile("stacks/app/extra.tf", []byte("# Code generated by endpointgen; DO NOT EDIT.\n"), 0o644)
	if code, stdout, _ := hook(check); code != 3 || !strings.Contains(stdout, "extra "+filepath.Join("stacks", "app", "extra.tf")) {
		t.Errorf("endpointgen-check with drift: exit %d, %q", code, stdout)
	}
}
