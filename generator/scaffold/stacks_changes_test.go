package scaffold

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStacksChanges runs the pipelines' "what the change does" step in a
// git repository with a stand-in endpointgen: with STACKS_BASE it
// generates the change's manifests over the stacks of that commit, in a
// worktree it removes after, and fails as generate does; without it (a
// push) it does nothing.
func TestStacksChanges(t *testing.T) {
	sr := newScriptRepo(t, "stacks-changes.sh.tmpl")
	script, repo, bin, git, write := sr.script, sr.repo, sr.bin, sr.git, sr.write
	log := filepath.Join(bin, "calls")
	// It records its arguments and what the stacks it writes over hold,
	// and exits with $STATUS.
	os.WriteFile(filepath.Join(bin, "endpointgen"), []byte("#!/bin/sh\necho \"endpointgen $1 $(basename \"$2\") $3 $4 $5 cache=$ENDPOINTGEN_MODULE_CACHE\" >> "+log+"\ncat \"$4/a/main.tf\" >> "+log+"\nexit \"${STATUS:-0}\"\n"), 0o755)
	write("stacks/a/main.tf", "# as applied\n")
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "first")
	base := git("rev-parse", "HEAD")
	write("stacks/a/main.tf", "# as changed\n")
	git("commit", "-qam", "second")

	run := func(stacksBase, status string) (string, error) {
		os.Remove(log)
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "STACKS_BASE="+stacksBase, "STATUS="+status)
		err := cmd.Run()
		b, _ := os.ReadFile(log)
		return string(b), err
	}
	calls, err := run(base, "0")
	if want := "endpointgen generate workloads -o stacks -q cache=off\n# as applied\n"; err != nil || calls != want {
		t.Errorf("with STACKS_BASE: %v, %q; want %q", err, calls, want)
	}
	if calls, err := run(base, "1"); err == nil || !strings.Contains(calls, "# as applied") {
		t.Errorf("generate failed, the step did not: %v, %q", err, calls)
	}
	if worktrees := git("worktree", "list"); strings.Contains(worktrees, "\n") {
		t.Errorf("a worktree is left:\n%s", worktrees)
	}
	for _, stacksBase := range []string{"", "no-such-commit"} {
		if calls, err := run(stacksBase, "0"); err != nil || calls != "" {
			t.Errorf("STACKS_BASE %q: %v, %q; want nothing run", stacksBase, err, calls)
		}
	}

	// ANNOTATE repeats each warning, with its indented lines, as one
	// annotation of the CI's; the log keeps it as generate printed it.
	const warnings = "endpointgen: warning: applying stacks/a as generated now takes address prefixes from subnets the module keeps (100% sure):\n" +
		"  - azurerm_subnet.x loses address prefix \"10.0.1.0/24\"\n" +
		"stacks: 1 changed\n" +
		"endpointgen: warning: the module in stacks/b pins another azurerm major\n"
	// It prints $OUT, and exits with $STATUS.
	os.WriteFile(filepath.Join(bin, "endpointgen"), []byte("#!/bin/sh\nprintf '%s' \"$OUT\" >&2\nexit \"${STATUS:-0}\"\n"), 0o755)
	annotate := func(annotate, out, status, summary string) (string, error) {
		t.Helper()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "PATH="+bin+":"+os.Getenv("PATH"), "STACKS_BASE="+base, "ANNOTATE="+annotate, "OUT="+out, "STATUS="+status, "GITHUB_STEP_SUMMARY="+summary)
		got, err := cmd.Output()
		_, after, found := strings.Cut(string(got), "\n") // after the line that names the base
		if !found {
			t.Fatalf("ANNOTATE=%q: %v, %q", annotate, err, got)
		}
		return after, err
	}
	for _, tc := range []struct{ annotate, want string }{
		{"", warnings},
		{"github", warnings +
			"::warning title=endpointgen::endpointgen: warning: applying stacks/a as generated now takes address prefixes from subnets the module keeps (100%25 sure):%0A  - azurerm_subnet.x loses address prefix \"10.0.1.0/24\"\n" +
			"::warning title=endpointgen::endpointgen: warning: the module in stacks/b pins another azurerm major\n"},
		{"azure", warnings +
			"##vso[task.logissue type=warning]endpointgen: warning: applying stacks/a as generated now takes address prefixes from subnets the module keeps (100%AZP25 sure):%0A  - azurerm_subnet.x loses address prefix \"10.0.1.0/24\"\n" +
			"##vso[task.logissue type=warning]endpointgen: warning: the module in stacks/b pins another azurerm major\n"},
	} {
		if got, err := annotate(tc.annotate, warnings, "0", ""); err != nil || got != tc.want {
			t.Errorf("ANNOTATE=%q: %v\n got %q\nwant %q", tc.annotate, err, got, tc.want)
		}
	}
	// generate's failure stays the step's, with its warnings annotated; a
	// last line without its newline gets one, so that the first
	// annotation starts a line; GitHub's job summary holds the whole log
	// (a step shows ten annotations at most).
	summary := filepath.Join(t.TempDir(), "summary.md")
	cut := strings.TrimSuffix(warnings, "\n")
	got, err := annotate("github", cut, "1", summary)
	if want := cut + "\n::warning title=endpointgen::endpointgen: warning: applying stacks/a"; err == nil || !strings.HasPrefix(got, want) {
		t.Errorf("failed, without the last newline: %v\n got %q\nwant %q…", err, got, want)
	}
	if b, _ := os.ReadFile(summary); string(b) != "### What the change does to the stacks\n```\n"+cut+"\n```\n" {
		t.Errorf("job summary: %q", b)
	}
	if got, err := annotate("azure", "stacks: 1 unchanged\n", "0", ""); err != nil || got != "stacks: 1 unchanged\n" {
		t.Errorf("no warning, no annotation: %v, %q", err, got)
	}

	// Manifests are named from the repository's root, in the log and in
	// the annotations, wherever the checkout is; other paths stay.
	positions := "endpointgen: warning: " + repo + "/workloads/a.yaml:3:4: two workloads create rg-a (the other at " + repo + "/workloads/b.yaml:2:7)\n" +
		"/elsewhere" + repo + "x/c.yaml:1:1: kept\n"
	warning := "endpointgen: warning: workloads/a.yaml:3:4: two workloads create rg-a (the other at workloads/b.yaml:2:7)"
	want := warning + "\n/elsewhere" + repo + "x/c.yaml:1:1: kept\n" + "::warning title=endpointgen::" + warning + "\n"
	if got, err := annotate("github", positions, "0", ""); err != nil || got != want {
		t.Errorf("paths in the repository: %v\n got %q\nwant %q", err, got, want)
	}
}
