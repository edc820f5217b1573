package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInitThenCheck: a fresh repository is up to date with its own
// manifests, exactly as its CI and pre-commit hooks check it: validate
// passes, generate --check exits 0, and generate changes nothing.
func TestInitThenCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "landing-zone")
	code, stdout, stderr := runCLI(t, "init", dir)
	if code != 0 {
		t.Fatalf("init: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "created   "+filepath.Join(dir, ".github/workflows/endpointgen.yml")) ||
		!strings.Contains(stdout, dir+": 27 created, 0 changed, 0 unchanged") {
		t.Errorf("init report: %q", stdout)
	}
	t.Chdir(dir)
	// As the CI runs them.
	if code, _, stderr := runCLI(t, "validate", "workloads", "-q"); code != 0 {
		t.Errorf("validate workloads -q: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := runCLI(t, "generate", "workloads", "-o", "stacks", "--check", "-q"); code != 0 || strings.Count(stdout, "\n") != 1 {
		t.Errorf("generate workloads -o stacks --check -q: exit %d, want a summary line only\n%s%s", code, stdout, stderr)
	}
	before := readTree(t, ".")
	code, stdout, stderr = runCLI(t, "generate", "workloads", "-o", "stacks")
	if code != 0 || strings.Contains(stdout, "created   ") || strings.Contains(stdout, "changed   ") {
		t.Errorf("generate workloads -o stacks: exit %d\n%s%s", code, stdout, stderr)
	}
	if diff := cmp.Diff(before, readTree(t, ".")); diff != "" {
		t.Errorf("generate changed the fresh repository:\n%s", diff)
	}
}

// TestInitOwnManifests: init into a folder whose workloads/ holds
// manifests already names them as having no stacks yet; a fresh one says
// nothing of the kind.
func TestInitOwnManifests(t *testing.T) {
	dir := t.TempDir()
	if code, stdout, _ := runCLI(t, "init", filepath.Join(dir, "fresh")); code != 0 || strings.Contains(stdout, "no stacks yet") {
		t.Errorf("a fresh repository: exit %d, %q", code, stdout)
	}
	repo := filepath.Join(dir, "lz")
	mine := filepath.Join(repo, "workloads", "team", "mine.yaml")
	os.MkdirAll(filepath.Dir(mine), 0o755)
	os.WriteFile(mine, []byte(workload("mine")), 0o644)
	code, stdout, stderr := runCLI(t, "init", repo)
	if want := filepath.Join(repo, "workloads") + " already held manifests, which have no stacks yet (generate --check fails until generate writes them): " + mine; code != 0 || !strings.Contains(stdout, want) {
		t.Errorf("exit %d, %q, want %q: %s", code, stdout, want, stderr)
	}
}

// A folder outside any Git repository is told to become one on main,
// where the pipelines run; the root of one on another branch, or a folder
// below a repository's root, is told that its pipeline would not run.
func TestInitSaysToCommitOnMain(t *testing.T) {
	dir := t.TempDir()
	const gitInit = "then make it a Git repository on the branch main, where the pipelines run, and commit:\n  git init -b main && git add -A && git commit -m \"endpointgen init\"\nREADME.md explains"
	if code, stdout, _ := runCLI(t, "init", filepath.Join(dir, "fresh")); code != 0 || !strings.Contains(stdout, gitInit) {
		t.Errorf("outside a repository: exit %d, %q", code, stdout)
	}
	// At the root of a repository on main: nothing to add.
	repo := filepath.Join(dir, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	os.WriteFile(filepath.Join(repo, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644)
	if code, stdout, _ := runCLI(t, "init", repo); code != 0 || !strings.Contains(stdout, "  endpointgen generate workloads -o stacks\nand commit. README.md explains") {
		t.Errorf("a repository on main: exit %d, %q", code, stdout)
	}
	// On another branch, or below the root: said, as CI would not run.
	os.WriteFile(filepath.Join(repo, ".git", "HEAD"), []byte("ref: refs/heads/master\n"), 0o644)
	if code, stdout, _ := runCLI(t, "init", repo, "--force"); code != 0 || !strings.Contains(stdout, "and commit. Note: the repository's branch is master, and the pipeline runs on main: rename the branch (git branch -m master main), or change main in the pipeline.\nREADME.md explains") {
		t.Errorf("a repository on master: exit %d, %q", code, stdout)
	}
	sub := filepath.Join(repo, "lz")
	if code, stdout, _ := runCLI(t, "init", sub); code != 0 || strings.Contains(stdout, "git init") || !strings.Contains(stdout, "and commit. Note: "+sub+" is inside the Git repository at "+repo+", whose CI reads its pipeline from that root") {
		t.Errorf("below a repository's root: exit %d, %q", code, stdout)
	}
}

// TestInitCI: --ci picks the one pipeline file written.
func TestInitCI(t *testing.T) {
	pipelines := []string{".github/workflows/endpointgen.yml", "azure-pipelines.yml", ".gitlab-ci.yml"}
	for ci, want := range map[string]string{"github": pipelines[0], "azure-pipelines": pipelines[1], "gitlab": pipelines[2]} {
		dir := t.TempDir()
		if code, _, stderr := runCLI(t, "init", dir, "--ci", ci); code != 0 {
			t.Fatalf("--ci %s: exit %d: %s", ci, code, stderr)
		}
		for _, p := range pipelines {
			_, err := os.Stat(filepath.Join(dir, p))
			if exists := err == nil; exists != (p == want) {
				t.Errorf("--ci %s: %s exists: %v", ci, p, exists)
			}
		}
	}
}

// TestInitRefusesToOverwrite: in a folder holding any file init would
// write, init lists every such file, writes nothing and exits 1; files of
// the user's that init would not write do not stop it, and --force
// overwrites only init's own files, deleting nothing.
func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("LICENSE", "mine\n")
	write("workloads/app.yaml", "mine\n")
	write("README.md", "mine\n")
	write("stacks/sample-service-endpoint/main.tf", "mine\n")
	before := readTree(t, dir)

	code, stdout, stderr := runCLI(t, "init", dir)
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	for _, name := range []string{"README.md", "stacks/sample-service-endpoint/main.tf"} {
		if !strings.Contains(stderr, "  "+filepath.Join(dir, filepath.FromSlash(name))+"\n") {
			t.Errorf("stderr does not list %s:\n%s", name, stderr)
		}
	}
	if strings.Contains(stderr, "LICENSE") || strings.Contains(stderr, "app.yaml") || !strings.Contains(stderr, "nothing was written") || !strings.Contains(stderr, "--force") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if diff := cmp.Diff(before, readTree(t, dir)); diff != "" {
		t.Errorf("a refused init changed the folder:\n%s", diff)
	}

	code, stdout, stderr = runCLI(t, "init", dir, "--force")
	if code != 0 || !strings.Contains(stdout, "changed   "+filepath.Join(dir, "README.md")) {
		t.Fatalf("--force: exit %d\n%s%s", code, stdout, stderr)
	}
	after := readTree(t, dir)
	if after["LICENSE"] != "mine\n" || after["workloads/app.yaml"] != "mine\n" || after["README.md"] == "mine\n" {
		t.Errorf("--force: LICENSE %q, workloads/app.yaml %q, README.md %q", after["LICENSE"], after["workloads/app.yaml"], after["README.md"])
	}
}

func TestInitUsage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"init"}, exitUsage, "init takes one directory"},
		{[]string{"init", "a", "b"}, exitUsage, "init takes one directory"},
		{[]string{"init", t.TempDir(), "--ci", "jenkins"}, exitUsage, `--ci: "jenkins" is not a CI system; use github, azure-pipelines or gitlab`},
		{[]string{"init", file}, exitFail, "is a file, not a directory"},
	} {
		code, _, stderr := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, %q; want %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
}

func TestInitCompletion(t *testing.T) {
	_, stdout, _ := runCLI(t, "__complete", "init", "dir", "--ci", "")
	for _, v := range []string{"github", "azure-pipelines", "gitlab"} {
		if !strings.Contains(stdout, v+"\n") {
			t.Errorf("--ci completes %q; want %s", stdout, v)
		}
	}
}
