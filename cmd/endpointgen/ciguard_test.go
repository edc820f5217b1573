package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
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
		{"\u00a0::stop-commands::t\n", "\u00a0\\::stop-commands::t\n"}, // .NET's TrimStart takes a no-break space too
		{"\ufeff::error::x\n", "\ufeff\\::error::x\n"},                 // and the runner's reader a byte order mark
		{"##[group]x\rnext ##vso[a.b]\r\n", `##\[group]x` + "\r" + `next ##vso\[a.b]` + "\r\n"},
		{"x ##[set-output name=a;]b\n", `x ##\[set-output name=a;]b` + "\n"}, // GitHub's older form, anywhere
		{"a::b #vso[ ##VSO[ #[\n", "a::b #vso[ ##VSO[ #[\n"},
		{"x\r::error::m\n", "x\r\\::error::m\n"}, // a carriage return ends a line for both runners
		{mark + "##vso[task.logissue type=error;]m ##vso[x.y] ##[a]\n", `##vso[task.logissue type=error;]m ##vso[x.y] ##\[a]` + "\n"},
		{mark + "::error file=f::m ##vso[task.setvariable variable=a]b ::x\n", `::error file=f::m ##vso\[task.setvariable variable=a]b ::x` + "\n"},
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

// TestCommandGuardCLI: under Azure Pipelines or GitHub Actions, with
// annotations for either, what a manifest's path and values hold reaches
// standard output and standard error as text (in a file they are
// redirected to too), and only endpointgen's own annotations are read as
// commands; outside a CI, output is as it was.
func TestCommandGuardCLI(t *testing.T) {
	t.Setenv("TF_BUILD", "")
	t.Setenv("GITHUB_ACTIONS", "")
	t.Setenv(annotateVar, "")
	dir := t.TempDir()
	t.Chdir(dir)
	const evil = "##vso[task.setvariable variable=ARM_CLIENT_ID]attacker ##[set-output name=p;]x.yaml"
	const spoof = "::error title=spoof::x.yaml"
	valid := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stappdata01\n"
	os.WriteFile(evil, []byte(strings.Replace(valid, "name: app", `name: "a ##vso[task.prependpath]/tmp/evil ##[add-mask]x"`, 1)), 0o644)
	os.WriteFile(spoof, []byte(valid), 0o644)

	for _, ci := range []string{"TF_BUILD=True", "GITHUB_ACTIONS=true", "TF_BUILD=true"} {
		for _, format := range []string{"azure", "github"} {
			name, value, _ := strings.Cut(ci, "=")
			t.Setenv(name, value)
			t.Setenv(annotateVar, format)
			code, stdout, stderr := runCLI(t, "validate", evil, spoof)
			ours := 0
			for _, line := range strings.FieldsFunc(stdout+stderr, func(r rune) bool { return r == '\n' || r == '\r' }) {
				switch read := runnerReads(line); {
				case read && isAnnotation(line, format):
					ours++
				case read:
					t.Errorf("%s, %s annotations: a runner reads %q", ci, format, line)
				}
			}
			if code != exitFail || ours == 0 || !strings.Contains(stdout, `\`+spoof+": valid") {
				t.Errorf("%s, %s annotations: exit %d, %d annotations, stdout %q, stderr:\n%s", ci, format, code, ours, stdout, stderr)
			}
			t.Setenv(name, "")
		}
	}

	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv(annotateVar, "")
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
	// Not on a terminal (or /dev/null), where a person reads.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if out, errOut, _ := guardStreams(null, null); out != io.Writer(null) || errOut != io.Writer(null) {
		t.Errorf("a character device is guarded: %T, %T", out, errOut)
	}

	t.Setenv("GITHUB_ACTIONS", "")
	if _, stdout, _ := runCLI(t, "validate", spoof); stdout != spoof+": valid\n" {
		t.Errorf("outside a CI, stdout %q", stdout)
	}
	if annotationMark != "" {
		t.Errorf("annotationMark %q left after the run", annotationMark)
	}
}

// runnerReads reports whether the Azure agent or GitHub's runner reads
// line as a command.
func runnerReads(line string) bool {
	trimmed := strings.TrimLeftFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
	return strings.Contains(line, "##vso[") || strings.Contains(line, "##[") || strings.HasPrefix(trimmed, "::")
}

// isAnnotation reports whether line is an annotation endpointgen means, in
// format, with nothing else in it that a runner reads.
func isAnnotation(line, format string) bool {
	if format == "azure" {
		return strings.HasPrefix(line, "##vso[task.logissue type=") && !strings.Contains(line, "##[")
	}
	return (strings.HasPrefix(line, "::error file=") || strings.HasPrefix(line, "::warning file=")) &&
		!strings.Contains(line, "##vso[") && !strings.Contains(line, "##[")
}
