package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// annotateVar names the CI whose annotations repeat each diagnostic that
// names a place in a file (a manifest's field, say), so that the CI shows it
// on that line of the change: "github" (GitHub Actions workflow commands)
// or "azure" (Azure Pipelines logging commands); unset or empty, none.
const annotateVar = "ENDPOINTGEN_ANNOTATE"

// annotateFormat is annotateVar's value, or an error naming what it may be.
func annotateFormat() (string, error) {
	switch v := os.Getenv(annotateVar); v {
	case "", "github", "azure":
		return v, nil
	default:
		return "", fmt.Errorf("%s=%q: github (GitHub Actions) or azure (Azure Pipelines), or unset for no annotations", annotateVar, v)
	}
}

// annotate writes d as an annotation of the CI format names, on a line of
// its own, after the text of the diagnostic: a workflow command of GitHub's
// (https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions),
// escaped as its toolkit escapes them
// (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts),
// or a logging command of Azure Pipelines'
// (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands),
// escaped as its task library escapes them
// (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/node/taskcommand.ts),
// with the file's absolute path: Azure's page asks for it, and GitHub's
// runner makes a path below the workspace relative to the repository
// (https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs),
// wherever the run started and whichever folder holds the landing zone. Both runners
// read such commands on standard error too, where the diagnostics go
// (https://github.com/actions/runner/blob/main/src/Runner.Worker/Handlers/ScriptHandler.cs).
// Nothing for a diagnostic without a place: the text printed says it.
// Each starts with annotationMark, for the commandGuard to let it through.
func annotate(w io.Writer, format string, d *hcl.Diagnostic) {
	r := d.Subject
	if r == nil || format == "" {
		return
	}
	severity := "warning"
	if d.Severity == hcl.DiagError {
		severity = "error"
	}
	file := r.Filename
	if abs, err := filepath.Abs(file); err == nil {
		file = abs
	}
	switch format {
	case "github":
		message := d.Detail // under the summary, the annotation's title
		if message == "" {
			message = d.Summary
		}
		data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
		property := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
		fmt.Fprintf(w, "%s::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n", annotationMark, severity,
			property.Replace(filepath.ToSlash(file)), r.Start.Line, r.Start.Column, r.End.Line, r.End.Column,
			property.Replace("endpointgen: "+d.Summary), data.Replace(message))
	case "azure":
		message := d.Summary
		if d.Detail != "" {
			message += ": " + d.Detail
		}
		data := strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A")
		property := strings.NewReplacer("%", "%AZP25", "\r", "%0D", "\n", "%0A", ";", "%3B", "]", "%5D")
		fmt.Fprintf(w, "%s##vso[task.logissue type=%s;sourcepath=%s;linenumber=%d;columnnumber=%d;]%s\n", annotationMark, severity,
			property.Replace(file), r.Start.Line, r.Start.Column, data.Replace("endpointgen: "+message))
	}
}

// annotateAt annotates, as annotate does a diagnostic, a problem the run
// finds across manifests at a claim's position at (FILE:LINE:COLUMN, as
// Claim.At gives it; the file may hold colons), under summary.
func annotateAt(w io.Writer, severity hcl.DiagnosticSeverity, at, summary, detail string) {
	format, _ := annotateFormat() // checked when the run started
	if format == "" {
		return
	}
	file, line, col, ok := splitAt(at)
	if !ok {
		return
	}
	pos := hcl.Pos{Line: line, Column: col}
	annotate(w, format, &hcl.Diagnostic{Severity: severity, Summary: summary, Detail: detail,
		Subject: &hcl.Range{Filename: file, Start: pos, End: pos}})
}
