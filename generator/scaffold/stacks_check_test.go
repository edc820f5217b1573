package scaffold

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/render"
	"github.com/endpointgen/endpointgen/templates"
	"github.com/google/go-cmp/cmp"
)

// TestStacksCheckChangedStacks runs the pipelines' stack check in a git
// repository with a stand-in terraform that records its calls: with
// STACKS_BASE it checks the stacks a change touches (a file in tests/
// counts for its stack, a deleted stack is skipped), without it every
// stack.
func TestStacksCheckChangedStacks(t *testing.T) {
	sr := newScriptRepo(t, "stacks-check.sh.tmpl")
	script, repo, bin, git, write := sr.script, sr.repo, sr.bin, sr.git, sr.write
	log := filepath.Join(bin, "calls")
	os.WriteFile(filepath.Join(bin, "terraform"), []byte("#!/bin/sh\necho \"$*\" >> "+log+"\n"), 0o755)
	for _, stack := range []string{"a", "b", "team/c", "team/d"} {
		write("stacks/"+stack+"/versions.tf", "# "+stack+"\n")
		write("stacks/"+stack+"/tests/posture.tftest.hcl", "# "+stack+"\n")
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "first")
	base := git("rev-parse", "HEAD")
	write("stacks/a/tests/posture.tftest.hcl", "# changed\n")
	write("stacks/team/c/main.tf", "# new\n")
	os.RemoveAll(filepath.Join(repo, "stacks/b"))
	write("workloads/x.yaml", "# not a stack\n")
	git("add", "-A")
	git("commit", "-qm", "second")

	checked := func(stacksBase string) []string {
		os.Remove(log)
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "TF_PLUGIN_CACHE_DIR="+filepath.Join(bin, "cache"), "STACKS_BASE="+stacksBase)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the check failed: %v\n%s", err, out)
		}
		b, _ := os.ReadFile(log)
		var stacks []string
		for _, call := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if dir, ok := strings.CutPrefix(call, "-chdir="); ok && strings.HasSuffix(call, " test") {
				stacks = append(stacks, strings.TrimSuffix(dir, " test"))
			}
		}
		return stacks
	}
	if diff := cmp.Diff([]string{"stacks/a", "stacks/team/c"}, checked(base)); diff != "" {
		t.Errorf("with STACKS_BASE (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stacks/a", "stacks/team/c", "stacks/team/d"}, checked("")); diff != "" {
		t.Errorf("without STACKS_BASE (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"stacks/a", "stacks/team/c", "stacks/team/d"}, checked("no-such-commit")); diff != "" {
		t.Errorf("with an unknown STACKS_BASE (-want +got):\n%s", diff)
	}
}

// scriptRepo is a pipeline script rendered from its template, an empty
// git repository to run it in, and a folder for stand-in tools.
type scriptRepo struct {
	script, repo, bin string
	git               func(args ...string) string
	write             func(name, text string)
}

func newScriptRepo(t *testing.T, template string) scriptRepo {
	t.Helper()
	for _, tool := range []string{"git", "sh"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed: the pipelines run their scripts with it", tool)
		}
	}
	fsys, err := fs.Sub(templates.Scaffold, "scaffold")
	if err != nil {
		t.Fatal(err)
	}
	script, err := render.Exec(fsys, data{}, template)
	if err != nil {
		t.Fatal(err)
	}
	r := scriptRepo{script: string(script), repo: t.TempDir(), bin: t.TempDir()}
	r.git = func(args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = r.repo
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	r.write = func(name, text string) {
		path := filepath.Join(r.repo, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		os.WriteFile(path, []byte(text), 0o644)
	}
	return r
}
