package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const landingZone = "../../examples/landing-zone"

// TestLandingZoneGoldens: generate DIR over the landing-zone example, with
// its repo defaults found above the manifests, gives exactly its stacks/:
// no file missing, stale or extra, and no orphan; its workloads share no
// resource (sharedResources is silent).
func TestLandingZoneGoldens(t *testing.T) {
	code, stdout, stderr := runCLI(t, "generate", landingZone+"/workloads", "-o", landingZone+"/stacks", "--check")
	if code != 0 || strings.Count(stdout, "is up to date") != 20 || stderr != "" {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	if code, stdout, stderr := runCLI(t, "validate", landingZone+"/workloads"); code != 0 || strings.Count(stdout, ": valid\n") != 20 || stderr != "" {
		t.Fatalf("validate: exit %d: %s %s", code, stdout, stderr)
	}
}

// repo writes a landing-zone repo: a .git folder (the root), the defaults
// and the manifests by path; it returns its root.
func repo(t *testing.T, defaults string, manifests map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{".git/HEAD": "ref: refs/heads/main\n", "endpointgen.yaml": defaults}
	for name, src := range manifests {
		files[filepath.Join("workloads", name)] = src
	}
	for name, src := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func workload(name string) string {
	return "apiVersion: endpointgen/v1\nname: " + name + "\npattern: private-endpoint\nservices:\n  - type: storage\n    name: st" + name + "01\n"
}

const stateDefaults = `apiVersion: endpointgen/v1
location: westeurope
backend:
  storage_account_name: sttfstate001
  container_name: tfstate
`

// TestSharedStateRefused: two workloads whose state keys render alike
// (the default key is the workload name) would overwrite each other's
// state; generate and validate refuse them, naming both, and write nothing.
func TestSharedStateRefused(t *testing.T) {
	root := repo(t, stateDefaults, map[string]string{"team-a/app.yaml": workload("app"), "team-b/app.yaml": strings.Replace(workload("app"), "stapp01", "stapp02", 1)})
	out := filepath.Join(root, "stacks")
	for _, args := range [][]string{{"generate", root + "/workloads", "-o", out}, {"validate", root + "/workloads"}} {
		code, _, stderr := runCLI(t, args...)
		if code != 1 || !strings.Contains(stderr, "team-a/app.yaml and ") || !strings.Contains(stderr, "team-b/app.yaml would keep their Terraform state in one blob (sttfstate001/tfstate/app.tfstate)") ||
			!strings.HasSuffix(stderr, map[string]string{"generate": "nothing was written\n", "validate": "valid one by one, not together\n"}[args[0]]) {
			t.Errorf("%s: exit %d, %q", args[0], code, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("something was written")
	}
	// Reported, and annotated, where the key would be given: at the
	// backend without one, at the key template that renders alike.
	t.Setenv(annotateVar, "github")
	defaults := filepath.Join(root, "endpointgen.yaml")
	for _, tc := range []struct{ key, at string }{{"", ":3:1"}, {"  key: \"{{ .Name }}.tfstate\"\n", ":6:8"}} {
		os.WriteFile(defaults, []byte(stateDefaults+tc.key), 0o644)
		_, _, stderr := runCLI(t, "validate", root+"/workloads", "-q")
		file, line, col, _ := splitAt(defaults + tc.at)
		annotation := fmt.Sprintf("::error file=%s,line=%d,col=%d,", strings.NewReplacer(":", "%3A", ",", "%2C").Replace(filepath.ToSlash(file)), line, col)
		if !strings.Contains(stderr, "Error: Two workloads would keep their state in one blob\n\n  on "+defaults+tc.at+":\n") || !strings.Contains(stderr, annotation) {
			t.Errorf("%q: not at %s: %q", tc.key, tc.at, stderr)
		}
	}
	t.Setenv(annotateVar, "")
	// A key per stack tells them apart.
	os.WriteFile(filepath.Join(root, "endpointgen.yaml"), []byte(stateDefaults+"  key: \"{{ .Path | trimPrefix \\\"workloads/\\\" }}.tfstate\"\n"), 0o644)
	if code, _, stderr := runCLI(t, "generate", root+"/workloads", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "team-b", "app", "backend.tf"))
	if !strings.Contains(string(b), `key                  = "team-b/app.tfstate"`) || !strings.Contains(string(b), "use_azuread_auth     = true") {
		t.Errorf("backend.tf:\n%s", b)
	}
	// One manifest at a time (migrate -f, generate -f) gives the same key:
	// .Path is the manifest's, whatever the run.
	manifest := filepath.Join(root, "workloads", "team-b", "app.yaml")
	if code, stdout, stderr := runCLI(t, "generate", "-f", manifest, "-o", filepath.Join(out, "team-b", "app"), "--check"); code != 0 {
		t.Errorf("generate -f --check: exit %d: %s %s", code, stdout, stderr)
	}
}

// TestBackendCloud: the state account is in the repo defaults' cloud; a
// sovereign one gets the backend's environment.
func TestBackendCloud(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\ncloud: usgovernment\nlocation: usgovvirginia\nbackend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n", map[string]string{"app.yaml": workload("app")})
	out := filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", root+"/workloads", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "app", "backend.tf"))
	if !strings.Contains(string(b), `environment          = "usgovernment"`) {
		t.Errorf("backend.tf:\n%s", b)
	}
}

// TestRepoDefaultsInDirectoryMode: the defaults file is found above the
// manifests, is not taken for a manifest where it sits among them, and a
// bad one is reported once, at its line, with nothing written.
func TestRepoDefaultsInDirectoryMode(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurop\n", map[string]string{"aa.yaml": workload("aa"), "bb.yaml": workload("bb")})
	out := filepath.Join(root, "stacks")
	code, _, stderr := runCLI(t, "generate", root+"/workloads", "-o", out)
	if code != 1 || strings.Count(stderr, "Unknown location") != 1 || !strings.Contains(stderr, "endpointgen.yaml:2:11") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("something was written")
	}
	if !strings.Contains(stderr, "endpointgen.yaml is invalid; nothing was written") {
		t.Errorf("generate does not say nothing was written: %q", stderr)
	}
	// validate goes on through every manifest, but says once that the
	// file is invalid, and not that nothing was written: it never writes.
	code, _, stderr = runCLI(t, "validate", root+"/workloads")
	if code != 1 || strings.Count(stderr, "Unknown location") != 1 || strings.Count(stderr, "endpointgen.yaml is invalid") != 1 ||
		strings.Contains(stderr, "nothing was written") || !strings.HasSuffix(stderr, "2 of 2 manifests invalid, for the invalid repo defaults they inherit\n") {
		t.Errorf("validate: exit %d, %q", code, stderr)
	}
	// Among the manifests, it is the defaults of its folder, not a workload.
	os.WriteFile(filepath.Join(root, "workloads", "endpointgen.yaml"), []byte("apiVersion: endpointgen/v1\nlocation: swedencentral\n"), 0o644)
	code, stdout, stderr := runCLI(t, "generate", root+"/workloads", "-o", out)
	if code != 0 || strings.Contains(stdout, "stacks/endpointgen") {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(out, "aa", "main.tf"))
	if !strings.Contains(string(b), `location = "swedencentral"`) {
		t.Errorf("main.tf:\n%s", b)
	}
	// Named to validate, it is checked as what it is: repo defaults.
	defaultsFile := filepath.Join(root, "workloads", "endpointgen.yaml")
	if code, stdout, stderr := runCLI(t, "validate", defaultsFile); code != 0 || stdout != defaultsFile+": valid repo defaults\n" {
		t.Errorf("validate endpointgen.yaml: exit %d, %q, %q", code, stdout, stderr)
	}
	broken := filepath.Join(t.TempDir(), "endpointgen.yaml")
	os.WriteFile(broken, []byte("apiVersion: endpointgen/v1\nlocation: westeurop\n"), 0o644)
	if code, _, stderr := runCLI(t, "validate", broken, filepath.Join(root, "workloads", "aa.yaml")); code != 1 || !strings.Contains(stderr, "on "+broken+":2:11:") ||
		!strings.HasSuffix(stderr, "endpointgen: the repo defaults file "+broken+" is invalid\n") {
		t.Errorf("validate a broken endpointgen.yaml and a manifest: exit %d, %q", code, stderr)
	}
	// Named beside the manifests that inherit it, a broken defaults file is
	// reported once, and the summary counts it with them.
	rootDefaults := filepath.Join(root, "endpointgen.yaml")
	good, _ := os.ReadFile(rootDefaults)
	os.WriteFile(rootDefaults, append(good, "bogus: 1\n"...), 0o644)
	os.Remove(filepath.Join(root, "workloads", "endpointgen.yaml"))
	code, _, stderr = runCLI(t, "validate", rootDefaults, filepath.Join(root, "workloads"))
	if code != 1 || strings.Count(stderr, "bogus") != 2 || !strings.Contains(stderr, "invalid; the repo defaults file "+rootDefaults+" is invalid") {
		t.Errorf("a broken defaults file named with its manifests: exit %d, %q", code, stderr)
	}
	os.WriteFile(rootDefaults, good, 0o644)
	// A misnamed one is refused as generate refuses it, not checked.
	misnamed := filepath.Join(root, "workloads", "Endpointgen.yml")
	os.WriteFile(misnamed, good, 0o644)
	if code, stdout, stderr := runCLI(t, "validate", misnamed); code != 1 || stdout != "" || !strings.Contains(stderr, misnamed+": rename it to endpointgen.yaml") {
		t.Errorf("validate a misnamed defaults file: exit %d, %q, %q", code, stdout, stderr)
	}
	os.Remove(misnamed)
	// A folder of that name is said to be one.
	folder := filepath.Join(t.TempDir(), "endpointgen.yaml")
	os.Mkdir(folder, 0o755)
	if code, _, stderr := runCLI(t, "validate", folder); code != 1 || !strings.Contains(stderr, folder+" is a folder, not a repo defaults file") {
		t.Errorf("validate a folder named endpointgen.yaml: exit %d, %q", code, stderr)
	}
	// --defaults names another file for every manifest.
	other := filepath.Join(root, "other.yaml")
	os.WriteFile(other, []byte("apiVersion: endpointgen/v1\nlocation: northeurope\n"), 0o644)
	if code, stdout, stderr := runCLI(t, "explain", "--defaults", other, filepath.Join(root, "workloads", "aa.yaml")); code != 0 || !strings.Contains(stdout, "in `northeurope`") {
		t.Errorf("explain --defaults: exit %d, %s %s", code, stdout, stderr)
	}
}

// TestDefaultsFileNames: a repo defaults file under another name than
// endpointgen.yaml is an error saying so, not a manifest or ignored; a
// symlinked folder of manifests is read through.
func TestDefaultsFileNames(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa")})
	link := filepath.Join(root, "wl")
	if err := os.Symlink(filepath.Join(root, "workloads"), link); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := runCLI(t, "generate", link, "-o", filepath.Join(root, "stacks")); code != 0 || !strings.Contains(stdout, "stacks/aa") {
		t.Fatalf("a symlinked folder: exit %d: %s %s", code, stdout, stderr)
	}
	for _, name := range []string{"workloads/endpointgen.yml", "workloads/Endpointgen.yaml"} {
		path := filepath.Join(root, name)
		os.WriteFile(path, []byte("apiVersion: endpointgen/v1\n"), 0o644)
		code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"))
		if code != 1 || !strings.Contains(stderr, "rename it to endpointgen.yaml") {
			t.Errorf("%s: exit %d, %q", name, code, stderr)
		}
		// generate lists the folders while it builds the modules: it
		// writes nothing, and --check compares nothing.
		out := filepath.Join(t.TempDir(), "stacks")
		for _, args := range [][]string{{}, {"--check"}} {
			code, stdout, stderr := runCLI(t, append([]string{"generate", filepath.Join(root, "workloads"), "-o", out}, args...)...)
			// Renamed, it would shadow the root's file for the manifests
			// below it: said, as for a manifest given alone.
			if code != 1 || !strings.Contains(stderr, path+": rename it to endpointgen.yaml") || !strings.Contains(stderr, "no longer "+filepath.Join(root, "endpointgen.yaml")) ||
				!strings.HasSuffix(stderr, "; nothing was written\n") || stdout != "" {
				t.Errorf("%s, generate %s: exit %d, %q %q", name, args, code, stdout, stderr)
			}
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: generate wrote %s", name, out)
		}
		// Beside an endpointgen.yaml among the manifests, a rename would
		// overwrite it: merge and delete instead.
		beside := filepath.Join(root, "workloads", "endpointgen.yaml")
		os.WriteFile(beside, []byte("apiVersion: endpointgen/v1\n"), 0o644)
		if code, _, stderr := runCLI(t, "generate", filepath.Join(root, "workloads"), "-o", out); code != 1 || !strings.Contains(stderr, path+": merge what it holds into endpointgen.yaml beside it") {
			t.Errorf("%s beside endpointgen.yaml, generate: exit %d, %q", name, code, stderr)
		}
		os.Remove(beside)
		os.Remove(path)
	}
	// Above a manifest given alone, too, in any letter case; and
	// generate writes nothing. Beside the root's endpointgen.yaml, a
	// rename would overwrite it: merge and delete instead.
	merge := ": merge what it holds into endpointgen.yaml beside it, the one name the repo defaults are read from, and delete it"
	for _, name := range []string{"endpointgen.yml", "Endpointgen.yaml", "ENDPOINTGEN.YML"} {
		path := filepath.Join(root, name)
		os.WriteFile(path, []byte("apiVersion: endpointgen/v1\n"), 0o644)
		if code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads", "aa.yaml")); code != 1 || !strings.Contains(stderr, path+merge) {
			t.Errorf("%s at the root, validate: exit %d, %q", name, code, stderr)
		}
		out := filepath.Join(t.TempDir(), "aa")
		if code, _, stderr := runCLI(t, "generate", "-f", filepath.Join(root, "workloads", "aa.yaml"), "-o", out); code != 1 || !strings.Contains(stderr, path+merge) {
			t.Errorf("%s at the root, generate -f: exit %d, %q", name, code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s at the root: generate -f wrote %s", name, out)
		}
		os.Remove(path)
	}
}

// TestMisnamedDefaultsFirst: a misnamed defaults file on a manifest's way
// is the one error generate reports, as when the folders were listed
// before any defaults file was read: an invalid defaults file it may
// shadow, found by its exact name for another manifest (or the same), is
// not reported on, whichever the listing finishes after.
func TestMisnamedDefaultsFirst(t *testing.T) {
	invalid := "apiVersion: endpointgen/v9\nbogus: 1\n"
	write := func(root string, files map[string]string) {
		for name, src := range files {
			path := filepath.Join(root, name)
			os.MkdirAll(filepath.Dir(path), 0o755)
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	root := t.TempDir()
	write(root, map[string]string{
		".git/HEAD": "ref: refs/heads/main\n", "Endpointgen.yml": "apiVersion: endpointgen/v1\n",
		"workloads/a/app.yaml": workload("a"), "workloads/b/app.yaml": workload("b"), "workloads/b/endpointgen.yaml": invalid,
	})
	one := t.TempDir()
	write(one, map[string]string{
		".git/HEAD": "ref: refs/heads/main\n", "ENDPOINTGEN.yaml": "apiVersion: endpointgen/v1\n",
		"app.yaml": workload("app"), "endpointgen.yaml": invalid,
	})
	for _, c := range []struct {
		args     []string
		misnamed string
	}{
		{[]string{"generate", filepath.Join(root, "workloads"), "-o", filepath.Join(root, "stacks")}, filepath.Join(root, "Endpointgen.yml") + ": rename it to endpointgen.yaml"},
		{[]string{"generate", "-f", filepath.Join(one, "app.yaml"), "-o", filepath.Join(one, "out")}, filepath.Join(one, "ENDPOINTGEN.yaml") + ": merge what it holds into endpointgen.yaml"},
	} {
		code, _, stderr := runCLI(t, c.args...)
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.misnamed) {
			t.Errorf("%s: exit %d, want only the misnamed file's error:\n%s", c.args, code, stderr)
		}
	}
}

// TestCheckForeignFile: --check and --diff report a file endpointgen did
// not generate where it would write one as a difference (exit 3) and
// compare the other modules; generate without --force writes nothing.
func TestCheckForeignFile(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa"), "bb.yaml": workload("bb")})
	workloads, stacks := filepath.Join(root, "workloads"), filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", stacks, "-q"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	mine := filepath.Join(stacks, "aa", "outputs.tf")
	os.WriteFile(mine, []byte("output \"mine\" {\n  value = 1\n}\n"), 0o644)
	before := readTree(t, root)

	code, stdout, stderr := runCLI(t, "generate", workloads, "-o", stacks, "--check")
	if want := "foreign " + mine + ": endpointgen did not generate it"; code != 3 || !strings.Contains(stdout, want) ||
		!strings.Contains(stdout, filepath.Join(stacks, "bb")+" is up to date") || !strings.Contains(stderr, "1 of 2 modules is not up to date") || !strings.Contains(stderr, "--force") {
		t.Errorf("--check: exit %d\n%s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "generate", workloads, "-o", stacks, "--diff")
	if code != 3 || !strings.Contains(stdout, `-output "mine" {`) || !strings.Contains(stderr, mine+": endpointgen did not generate it") {
		t.Errorf("--diff: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runCLI(t, "generate", workloads, "-o", stacks); code != 1 || !strings.Contains(stderr, "nothing was written") {
		t.Errorf("generate: exit %d: %s", code, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, root)); diff != "" {
		t.Errorf("the user's file, or another, changed:\n%s", diff)
	}
}

// TestSharedStateTwoDefaultsFiles: two defaults files with one backend and
// the key "{{ .Path }}.tfstate" give alike keys (.Path starts at each
// file's folder); the refusal says so and how to tell them apart.
func TestSharedStateTwoDefaultsFiles(t *testing.T) {
	key := stateDefaults + "  key: \"{{ .Path }}.tfstate\"\n"
	root := repo(t, "apiVersion: endpointgen/v1\n", map[string]string{
		"team-a/endpointgen.yaml": key, "team-a/app.yaml": workload("app"),
		"team-b/endpointgen.yaml": key, "team-b/app.yaml": workload("app"),
	})
	code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"))
	if want := `give each file's backend.key a prefix of its own, such as "team-b/{{ .Path }}.tfstate"`; code != 1 || !strings.Contains(stderr, "would keep their Terraform state in one blob (sttfstate001/tfstate/app.tfstate)") || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, %q; want %q", code, stderr, want)
	}
}

// TestDefaultsNamedAsManifests: the repo defaults file is named as the
// manifests are: from the working folder when they are (../ and all), in
// full when they are given in full.
func TestDefaultsNamedAsManifests(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\nwhat: x\n", map[string]string{"aa.yaml": workload("aa")})
	os.Mkdir(filepath.Join(root, "stacks"), 0o755)
	t.Chdir(filepath.Join(root, "stacks"))
	for _, tc := range []struct{ workloads, defaults string }{
		{filepath.Join("..", "workloads"), filepath.Join("..", "endpointgen.yaml")},
		{filepath.Join(root, "workloads"), filepath.Join(root, "endpointgen.yaml")},
	} {
		code, _, stderr := runCLI(t, "validate", tc.workloads, "-q")
		if want := "on " + tc.defaults + ":3:1:"; code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("validate %s: exit %d, %q; want %q", tc.workloads, code, stderr, want)
		}
	}
	t.Chdir(root)
	if code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"), "-q"); code != 1 || !strings.Contains(stderr, "on "+filepath.Join(root, "endpointgen.yaml")+":3:1:") {
		t.Errorf("from the repository, manifests in full: exit %d, %q", code, stderr)
	}
}

// TestHiddenFilesSkipped: generate and validate of a folder take no hidden
// file or folder for a manifest (a repository's .pre-commit-config.yaml,
// .github/workflows/*.yml), whichever folder they are given.
func TestHiddenFilesSkipped(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{"aa.yaml": workload("aa")})
	for name, src := range map[string]string{
		".pre-commit-config.yaml":           "repos:\n  - repo: local\n",
		"workloads/.hidden.yml":             "not: a manifest\n",
		".github/workflows/endpointgen.yml": "on: push\n",
	} {
		path := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(src), 0o644)
	}
	for _, args := range [][]string{{"validate", root, "-q"}, {"generate", root, "-o", filepath.Join(t.TempDir(), "stacks"), "-q"}} {
		if code, stdout, stderr := runCLI(t, args...); code != 0 || stderr != "" || !strings.Contains(stdout, "1 ") {
			t.Errorf("%s: exit %d, %q %q", args[0], code, stdout, stderr)
		}
	}
}

// TestApplyWarningsOnlyWhenWritten: what applying a module would replace
// is said by a run that writes the modules, not by one refused across
// manifests (nothing is applied), whose refusal ends its output instead.
func TestApplyWarningsOnlyWhenWritten(t *testing.T) {
	keyPerStack := stateDefaults + "  key: \"{{ .Path | trimPrefix \\\"workloads/\\\" }}.tfstate\"\n"
	root := repo(t, keyPerStack, map[string]string{"team-a/app.yaml": workload("app"), "team-b/app.yaml": strings.Replace(workload("app"), "stapp01", "stapp02", 1)})
	out := filepath.Join(root, "stacks")
	if code, _, stderr := runCLI(t, "generate", root+"/workloads", "-o", out, "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Another storage account name replaces team-a's account; the
	// default key (the workload's name) puts both states in one blob.
	manifest := filepath.Join(root, "workloads", "team-a", "app.yaml")
	os.WriteFile(manifest, []byte(strings.Replace(workload("app"), "stapp01", "stapp09", 1)), 0o644)
	os.WriteFile(filepath.Join(root, "endpointgen.yaml"), []byte(stateDefaults), 0o644)
	const replaced = "endpointgen: warning: applying " // … as generated now makes Terraform destroy or replace
	code, _, stderr := runCLI(t, "generate", root+"/workloads", "-o", out, "-q")
	if code != 1 || strings.Contains(stderr, replaced) || !strings.Contains(stderr, "would keep their Terraform state in one blob") || !strings.HasSuffix(stderr, "nothing was written\n") {
		t.Errorf("refused: exit %d, %q", code, stderr)
	}
	// Refused for another workload's invalid manifest, the same.
	os.WriteFile(filepath.Join(root, "endpointgen.yaml"), []byte(keyPerStack), 0o644)
	other := filepath.Join(root, "workloads", "team-b", "app.yaml")
	os.WriteFile(other, []byte(strings.Replace(workload("app"), "stapp01", "stapp02", 1)+"location: marsnorth\n"), 0o644)
	code, _, stderr = runCLI(t, "generate", root+"/workloads", "-o", out, "-q")
	if code != 1 || strings.Contains(stderr, replaced) || !strings.Contains(stderr, "marsnorth") || !strings.HasSuffix(stderr, "nothing was written\n") {
		t.Errorf("invalid: exit %d, %q", code, stderr)
	}
	os.WriteFile(other, []byte(strings.Replace(workload("app"), "stapp01", "stapp02", 1)), 0o644)
	code, _, stderr = runCLI(t, "generate", root+"/workloads", "-o", out, "-q")
	if code != 0 || !strings.Contains(stderr, replaced+filepath.Join(out, "team-a", "app")+" as generated now makes Terraform destroy or replace") {
		t.Errorf("written: exit %d, %q", code, stderr)
	}
}

// TestValidateCountsInheritedDefaults: validate's summary says how many of
// the invalid manifests are so for the invalid repo defaults they inherit.
func TestValidateCountsInheritedDefaults(t *testing.T) {
	root := repo(t, "apiVersion: endpointgen/v1\nlocation: westeurope\n", map[string]string{
		"team-a/endpointgen.yaml": "apiVersion: endpointgen/v1\nlocation: westeurop\n", "team-a/app.yaml": workload("appa"),
		"team-b/bad.yaml": workload("Bad"), "team-b/good.yaml": workload("good")})
	code, _, stderr := runCLI(t, "validate", filepath.Join(root, "workloads"), "-q")
	if code != 1 || !strings.HasSuffix(stderr, "endpointgen: 2 of 3 manifests invalid (1 for the invalid repo defaults they inherit)\n") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
