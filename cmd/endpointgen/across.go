package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/hashicorp/hcl/v2"
)

// acrossManifests checks the workloads of a run together, each valid on
// its own: state blobs, the resources they create, subnets in another's
// network and subnets that overlap in one. It prints every problem, then
// their annotations (as a manifest's own problems are followed by
// theirs), and returns an error counting those that refuse the run.
func acrossManifests(w io.Writer, all []*job) error {
	var notes bytes.Buffer
	diags := sharedState(&notes, all)
	diags = append(diags, sharedResources(&notes, all)...)
	diags = append(diags, subnetsInSharedVNets(&notes, all)...)
	diags = append(diags, overlappingSubnets(&notes, all)...)
	err := printAcross(w, diags)
	w.Write(notes.Bytes())
	return err
}

// problemAcross is a diagnostic for what the run finds across manifests
// (two workloads creating one resource, a subnet outside the range another
// manifest gives its network) at a claim's position at (FILE:LINE:COLUMN,
// as Claim.At gives it), to be printed as a manifest's own problems are:
// its summary, the place with its source line, then detail. Without a
// position it names none.
func problemAcross(severity hcl.DiagnosticSeverity, at, summary, detail string) *hcl.Diagnostic {
	d := &hcl.Diagnostic{Severity: severity, Summary: summary, Detail: strings.TrimSuffix(detail, ".") + "."}
	file, line, col, ok := splitAt(at)
	if !ok {
		return d
	}
	pos := hcl.Pos{Line: line, Column: col}
	if src, err := os.ReadFile(file); err == nil {
		pos = generator.SourcePos(src, line, col)
	}
	d.Subject = &hcl.Range{Filename: file, Start: pos, End: pos}
	return d
}

// printAcross prints problems found across manifests (problemAcross) as
// printDiags prints a manifest's, without annotating them: their callers
// annotate every name a problem is about (annotateAt). The error, for a
// run to stop with, counts the errors among them, and the warnings printed
// beside them; nil when there is no error.
func printAcross(w io.Writer, diags hcl.Diagnostics) error {
	writeDiags(w, diags, nil)
	errs := 0
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			errs++
		}
	}
	if errs == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d problem%s across the manifests", errs, plural(errs))
	if warns := len(diags) - errs; warns > 0 {
		msg += fmt.Sprintf(", and %d warning%s", warns, plural(warns))
	}
	return errors.New(msg)
}
