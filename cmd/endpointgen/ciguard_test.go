package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommandGuard: every runner command in a line is made text, however
// the line is split across writes, and a line that starts with the mark
// is written as it is, without the mark.
func TestCommandGuard(t *testing.T) {
	mark := "\x1emark\x1e"
	for _, c := range []struct{ in, want string }{
		{"x ##vso[task.setvariable variable=a]b\n", `x ##vso\[task.setvariable variable=a]b` + "\n"},
		{"##vso[task.prependpath]/tmp/evil ##vso[x.y]\n", `##vso\[task.prependpath]/tmp/evil ##vso\[x.y]` + "\n"},
		{"::error::spoof\n", `\::error::spoof` + "\n"},
		{"  \t::add-mask::x\n", "  \t\\::add-mask::x\n"},
		{"\u00a0::stop-commands::t\n", "\u00a0\\::stop-commands::t\n"}, // .NET's Trim takes a no-break space too
		{"##[group]x\rnext ##vso[a.b]\r\n", `\##[group]x` + "\r" + `next ##vso\[a.b]` + "\r\n"},
		{"a::b ##[x] #vso[ ##VSO[\n", "a::b ##[x] #vso[ ##VSO[\n"},
		{"x\r::error::m\n", "x\r\\::error::m\n"}, // a carriage return ends a line for both runners
		{mark + "##vso[task.logissue type=error;]m ##vso[x.y]\n", "##vso[task.logissue type=error;]m ##vso[x.y]\n"},
		{mark + "::error file=f::m\n", "::error file=f::m\n"},
		{"x" + mark + "::error::m\n", "x" + mark + "::error::m\n"},
		{" " + mark + "##vso[a.b]\n", " " + mark + `##vso\[a.b]` + "\n"},
		{"::unended", `\::unended`},
	} {
		for split := 0; split <= len(c.in); split++ {
			var out bytes.Buffer
			g := &commandGuard{w: &out, mark: []byte(mark)}
			for _, part := range []string{c.in[:split], c.in[split:]} {
				if n, err := g.Write([]byte(part)); n != len(part) || err != nil {
					t.Fatalf("Write(%q) = %d, %v", part, n, err)
				}
			}
			g.Flush()
			if out.String() != c.want {
				t.Errorf("%q written as %q and %q:\n got %q\nwant %q", c.in, c.in[:split], c.in[split:], out.String(), c.want)
				break
			}
		}
	}
}

// TestCommandGuardCLI: under Azure Pipelines or GitHub Actions, a
// manifest's name that holds a runner command reaches standard output and
// standard error as text (in a file they are redirected to too), while
// endpointgen's own annotations stay commands; outside a CI, output is as
// it was.
func TestCommandGuardCLI(t *testing.T) {
	t.Setenv("TF_BUILD", "")
	t.Setenv("GITHUB_ACTIONS", "")
	t.Setenv(annotateVar, "")
	dir := t.TempDir()
	t.Chdir(dir)
	const evil = "##vso[task.setvariable variable=ARM_CLIENT_ID]attacker.yaml"
	const spoof = "::error title=spoof::x.yaml"
	valid := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stappdata01\n"
	os.WriteFile(evil, []byte(strings.Replace(valid, "westeurope", "mars", 1)), 0o644)
	os.WriteFile(spoof, []byte(valid), 0o644)

	t.Setenv("TF_BUILD", "True")
	t.Setenv(annotateVar, "azure")
	code, _, stderr := runCLI(t, "validate", evil)
	annotations := 0
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "##vso[task.logissue type=error;sourcepath="+filepath.Join(dir, "##vso[task.setvariable variable=ARM_CLIENT_ID%5Dattacker.yaml")+";") {
			annotations++
		} else if strings.Contains(line, "##vso[") {
			t.Errorf("a command the manifest's name holds reaches the agent: %q", line)
		}
	}
	if code != exitFail || annotations != 1 || !strings.Contains(stderr, `##vso\[task.setvariable variable=ARM_CLIENT_ID]attacker.yaml`) {
		t.Errorf("exit %d, %d annotations, stderr:\n%s", code, annotations, stderr)
	}
	if _, stdout, _ := runCLI(t, "validate", spoof); stdout != `\`+spoof+": valid\n" {
		t.Errorf("under Azure Pipelines, stdout %q", stdout)
	}

	t.Setenv("TF_BUILD", "")
	t.Setenv(annotateVar, "")
	t.Setenv("GITHUB_ACTIONS", "true")
	if _, stdout, _ := runCLI(t, "validate", spoof); stdout != `\`+spoof+": valid\n" {
		t.Errorf("under GitHub Actions, stdout %q", stdout)
	}
	// Also in a file standard output is redirected to: it is often
	// printed later.
	f, err := os.Create(filepath.Join(t.TempDir(), "out.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stderrBuf bytes.Buffer
	run([]string{"validate", spoof}, strings.NewReader(""), f, &stderrBuf)
	if b, _ := os.ReadFile(f.Name()); string(b) != `\`+spoof+": valid\n" {
		t.Errorf("redirected to a file: %q", b)
	}

	t.Setenv("GITHUB_ACTIONS", "")
	if _, stdout, _ := runCLI(t, "validate", spoof); stdout != spoof+": valid\n" {
		t.Errorf("outside a CI, stdout %q", stdout)
	}
	if annotationMark != "" {
		t.Errorf("annotationMark %q left after the run", annotationMark)
	}
}
