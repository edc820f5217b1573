package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/spf13/cobra"
)

// Exit codes, as documented in README.md.
const (
	exitOK    = 0
	exitFail  = 1 // bad manifest, I/O error
	exitUsage = 2 // bad flags or arguments
	exitDrift = 3 // generate --check or --diff found differences
)

// streams are the standard streams a command reads and writes; nothing below
// cmd touches os.Stdout.
type streams struct {
	in          io.Reader
	out, err    io.Writer
	errTerminal bool // err is a terminal: show progress there
}

// exitError ends a command with a code; its message, if any, is printed.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// run executes endpointgen with args and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	errTerminal := isTerminal(stderr)
	out, errOut, flush := guardStreams(stdout, stderr)
	defer flush()
	return execute(streams{in: stdin, out: out, err: errOut, errTerminal: errTerminal}, args)
}

// execute runs endpointgen with args on the streams s and returns the exit
// code; the tests call it to stand in a terminal.
func execute(s streams, args []string) int {
	stderr := s.err
	if _, err := annotateFormat(); err != nil {
		fmt.Fprintln(stderr, "endpointgen:", err)
		return exitUsage
	}
	named := ""
	if len(args) > 0 {
		named = args[0]
	}
	root := newRootCmd(s, named)
	root.SetArgs(args)
	err := root.Execute()
	var ee *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintln(stderr, "endpointgen:", ee.msg)
		}
		if ee.code == exitUsage {
			fmt.Fprintln(stderr, "Run 'endpointgen --help' for usage.")
		}
		return ee.code
	default:
		// cobra's own errors, before a command runs: unknown command or
		// flag, wrong arguments, flags that do not go together.
		fmt.Fprintln(stderr, "endpointgen:", err)
		fmt.Fprintln(stderr, "Run 'endpointgen --help' for usage.")
		return exitUsage
	}
}

// usageErrorf is a usage error a command finds itself: exit 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{exitUsage, fmt.Sprintf(format, args...)}
}

// runE adapts a command's run function so that any error it returns that
// is not an exitError (a failed write, say) exits 1: only cobra's own
// errors and usageErrorf mean a usage error.
func runE(f func(cmd *cobra.Command, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		err := f(cmd, args)
		var ee *exitError
		if err == nil || errors.As(err, &ee) {
			return err
		}
		return &exitError{exitFail, err.Error()}
	}
}

// newRootCmd builds endpointgen's commands, or when named is one of them,
// that one alone: a run builds the command it runs, not the flag sets of
// all eight. Any other run (help, completion, a mistyped command, named
// "") gets them all.
func newRootCmd(s streams, named string) *cobra.Command {
	root := &cobra.Command{
		Use:   "endpointgen",
		Short: "Generate Terraform for Azure service endpoints and private endpoints",
		Long: `endpointgen reads a short workload manifest (YAML) and writes a complete
Terraform root module (azurerm provider) for one of two network-isolation
patterns: service-endpoint or private-endpoint.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetIn(s.in)
	commands := []struct {
		name string
		new  func() *cobra.Command
	}{
		{"generate", func() *cobra.Command { return newGenerateCmd(s, nil) }},
		{"validate", func() *cobra.Command { return newValidateCmd(s, nil) }},
		{"schema", func() *cobra.Command { return newSchemaCmd(s) }},
		{"explain", func() *cobra.Command { return newExplainCmd(s) }},
		{"catalog", func() *cobra.Command { return newCatalogCmd(s) }},
		{"migrate", func() *cobra.Command { return newMigrateCmd(s, nil) }},
		{"version", func() *cobra.Command { return newVersionCmd(s) }},
		{"init", func() *cobra.Command { return newInitCmd(s, nil) }},
	}
	for _, c := range commands {
		if c.name == named {
			root.AddCommand(c.new())
			return root
		}
	}
	for _, c := range commands {
		root.AddCommand(c.new())
	}
	// cobra's completion command prints its help and exits 0 when the shell
	// is missing or unknown; both are usage errors here.
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			c.Args = cobra.NoArgs
			c.RunE = func(*cobra.Command, []string) error {
				return usageErrorf("completion needs a shell: bash, zsh, fish or powershell")
			}
		}
	}
	return root
}

// printDiags writes diagnostics of a manifest or a Terraform root the way
// Terraform does, with the offending source line, and returns whether any is
// an error. sources holds the files already read; any other file a
// diagnostic names is read from disk. hcl's writer names only the line, so
// its "on FILE line N:" is rewritten to the FILE:LINE:COLUMN form that
// editors and CI annotations jump to.
func printDiags(w io.Writer, diags hcl.Diagnostics, sources map[string][]byte) bool {
	format, _ := annotateFormat() // checked when the run started
	writeDiags(w, diags, sources, func(d *hcl.Diagnostic) { annotate(w, format, d) })
	return diags.HasErrors()
}

// writeDiags writes diagnostics as printDiags does, calling after, if
// given, after each.
func writeDiags(w io.Writer, diags hcl.Diagnostics, sources map[string][]byte, after ...func(*hcl.Diagnostic)) {
	files := map[string]*hcl.File{}
	for name, src := range sources {
		files[name] = &hcl.File{Bytes: src}
	}
	for _, d := range diags {
		if r := d.Subject; r != nil && files[r.Filename] == nil {
			if src, err := os.ReadFile(r.Filename); err == nil {
				files[r.Filename] = &hcl.File{Bytes: src}
			}
		}
	}
	for _, d := range diags {
		var buf bytes.Buffer
		_ = hcl.NewDiagnosticTextWriter(&buf, files, 0, false).WriteDiagnostic(d)
		text := buf.String()
		if r := d.Subject; r != nil {
			text = strings.Replace(text,
				fmt.Sprintf("  on %s line %d:", r.Filename, r.Start.Line),
				fmt.Sprintf("  on %s:%d:%d:", r.Filename, r.Start.Line, r.Start.Column), 1)
		}
		fmt.Fprint(w, text)
		for _, f := range after {
			f(d)
		}
	}
}
