package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/build"
	"github.com/endpointgen/endpointgen/generator/internal/render"
	"github.com/endpointgen/endpointgen/generator/internal/spelling"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/migrate"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/hashicorp/hcl/v2"
)

// Options tune generation. The zero value generates the manifest's pattern
// with the embedded templates.
type Options struct {
	// Phase, when set, generates that phase of the migration of a
	// service-endpoint manifest to private endpoints instead of the
	// manifest's pattern. A value that is not a phase is an error.
	Phase manifest.Phase
	// Templates, when set, overrides embedded templates by name
	// (versions.tf.tmpl, providers.tf.tmpl, README.md.tmpl,
	// explain.md.tmpl); the others stay embedded. A *.tmpl file of another
	// name is an error. TemplatesDir is the directory it reads, for
	// messages that point at a template's line.
	Templates    fs.FS
	TemplatesDir string
	// NoTests leaves out tests/posture.tftest.hcl, the Terraform test that
	// asserts the module's security posture on a mocked plan.
	NoTests bool
	// Defaults are the repo defaults (endpointgen.yaml) the manifest
	// inherits; nil for none.
	Defaults *manifest.RepoDefaults
}

// Generate turns the manifest src into the files of one Terraform root
// module, sorted by name. filename is used only in diagnostics. It returns
// every problem found in the manifest; the files are nil whenever the
// diagnostics hold an error, so a caller never writes half a module.
// Warnings may come with files.
func Generate(src []byte, filename string, opts Options) (outdir.Files, hcl.Diagnostics) {
	m, diags := Load(src, filename, opts)
	if diags.HasErrors() {
		return nil, diags
	}
	files, more := Build(m, filename, opts)
	return files, append(diags, more...)
}

// Load decodes, defaults and checks the manifest src as Generate does
// (inheriting opts.Defaults), without building the module: for a caller
// that needs the manifest's values too (its migration phase, its state
// key). The manifest is usable only when the diagnostics hold no error.
func Load(src []byte, filename string, opts Options) (*manifest.Manifest, hcl.Diagnostics) {
	if opts.Phase != manifest.PhaseNone {
		if _, err := manifest.ParsePhase(string(opts.Phase)); err != nil {
			return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Unknown migration phase", Detail: err.Error() + "."}}
		}
	}
	m, diags := manifest.LoadWith(src, filename, opts.Phase, manifest.Inherit{Defaults: opts.Defaults})
	if opts.Templates != nil {
		diags = append(diags, unknownTemplates(opts)...)
	}
	return m, diags
}

// Build turns a manifest Load accepted into the files of its module,
// sorted by name; filename is the manifest's, for diagnostics.
func Build(m *manifest.Manifest, filename string, opts Options) (outdir.Files, hcl.Diagnostics) {
	var checklist []string
	if m.Phase != manifest.PhaseNone {
		checklist = migrate.Checklist(m.Phase, build.HostOutput(m))
	}
	files, err := build.Files(m, build.Options{Templates: opts.Templates, Checklist: checklist, NoTests: opts.NoTests})
	if err != nil {
		return nil, hcl.Diagnostics{renderError(filename, "Cannot render the module", err, opts)}
	}
	return files, nil
}

// HostOutput names the output of m's module that holds the host name of
// its first private endpoint's service (…_fqdn), for a migration's
// checklist to resolve with nslookup; "" when it has none.
func HostOutput(m *manifest.Manifest) string { return build.HostOutput(m) }

// unknownTemplates reports the user's *.tmpl files that override nothing.
// Prepare parses the templates Build renders, ahead of it: a run that
// calls it on another goroutine while it reads its manifests finds them
// parsed, or being parsed, when it builds the first module. Errors are
// left for Build to report.
func Prepare(opts Options) { build.Prepare(opts.Templates) }

func unknownTemplates(opts Options) hcl.Diagnostics {
	unknown, err := render.Unknown(opts.Templates)
	if err != nil {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot read the templates", Detail: err.Error() + "."}}
	}
	var diags hcl.Diagnostics
	for _, name := range unknown {
		r := hcl.Range{Filename: filepath.Join(opts.TemplatesDir, name), Start: hcl.InitialPos, End: hcl.InitialPos}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown template",
			Detail: fmt.Sprintf("%s overrides no template of endpointgen, so it would be ignored.%s Templates: %s.", name, didYouMean(name), strings.Join(render.Names(), ", ")), Subject: &r})
	}
	return diags
}

// didYouMean is " Did you mean NAME?" for the embedded template closest to
// name, or "".
func didYouMean(name string) string {
	if best := spelling.Closest(name, render.Names()); best != "" {
		return " Did you mean " + best + "?"
	}
	return ""
}

// renderError places a problem of the user's template at its file and
// line (its first line when the problem is in what it rendered); any other
// at the manifest.
// SourcePos is the position of line and col (1-based) in src, with its
// byte offset, by which a diagnostic's source line is found.
func SourcePos(src []byte, line, col int) hcl.Pos {
	start := 0
	for l := 1; l < line && start < len(src); l++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			start = len(src)
			break
		}
		start += i + 1
	}
	return hcl.Pos{Line: line, Column: col, Byte: min(start+col-1, len(src))}
}

func renderError(filename, summary string, err error, opts Options) *hcl.Diagnostic {
	var te *render.TemplateError
	if !errors.As(err, &te) || opts.Templates == nil {
		return fileError(filename, summary, err)
	}
	src, readErr := fs.ReadFile(opts.Templates, te.Name)
	if readErr != nil {
		return fileError(filename, summary, err) // an embedded template's
	}
	// text/template may place an error past the last line (a block
	// without its end): at the last line, it is shown.
	lines := bytes.Count(src, []byte("\n"))
	if len(src) > 0 && src[len(src)-1] != '\n' {
		lines++
	}
	pos := SourcePos(src, min(max(te.Line, 1), max(lines, 1)), max(te.Column, 1))
	r := hcl.Range{Filename: filepath.Join(opts.TemplatesDir, te.Name), Start: pos, End: pos}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Template error", Detail: strings.TrimSuffix(err.Error(), ".") + ".", Subject: &r}
}

// Explain describes in plain words (Markdown) what the manifest src builds
// and why: the resources, the traffic path, the DNS zones to forward, the
// trade-offs of the two patterns. The generated README carries the same text.
func Explain(src []byte, filename string, opts Options) ([]byte, hcl.Diagnostics) {
	m, diags := Load(src, filename, Options{Defaults: opts.Defaults})
	if diags.HasErrors() {
		return nil, diags
	}
	text, err := build.Explain(m)
	if err != nil {
		return nil, append(diags, fileError(filename, "Cannot explain the manifest", err))
	}
	return text, diags
}

// Validate checks the manifest src as Generate does, with the same
// diagnostics, and returns the manifest instead of files (nil when the
// diagnostics hold an error): whatever generate refuses, validate refuses.
func Validate(src []byte, filename string, opts Options) (*manifest.Manifest, hcl.Diagnostics) {
	m, diags := Load(src, filename, opts)
	if diags.HasErrors() {
		return nil, diags
	}
	_, more := Build(m, filename, opts)
	if diags = append(diags, more...); diags.HasErrors() {
		return nil, diags
	}
	return m, diags
}

// fileError is a problem of the manifest as a whole, placed at its start.
func fileError(filename, summary string, err error) *hcl.Diagnostic {
	r := hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: err.Error(), Subject: &r}
}

// ApplyRisks is what applying a module over the one in its folder (which
// was likely applied) would do that its owner should hear of first.
type ApplyRisks struct {
	// Replaced has a line per resource Terraform would destroy or replace
	// (a service, the resource group, network or identity around it, or a
	// private endpoint, zone or link replaced, or deleted other than by a
	// sub-resource taken out: a pattern switched to service endpoints,
	// zones moved to a hub), and per resource the plan keeps that Azure
	// does not (a subnet whose VNet is replaced). Each names the arguments. What the change
	// replaces itself comes first, then what it deletes, then what is
	// replaced through references to those.
	Replaced []string
	// LosesData: a service among them, which is created again empty.
	LosesData bool
	// OtherMajor: the module there pins another azurerm major, so what
	// this one would replace or destroy was not compared (see
	// azurerm.Changes); Moved still is.
	OtherMajor bool
	// Moved are the private endpoints kept whose DNS records the change
	// moves to other private DNS zones (dns.mode existing to managed and
	// back, another hub's zones): nothing is destroyed, but clients that
	// resolve through the zones before lose the private address (see
	// azurerm.RecordMove).
	Moved []string
	// Closed are the services whose public network access the change
	// turns off in the same apply that creates their private endpoints
	// (a pattern switched without a migration), with those endpoints:
	// clients lose access until the endpoints exist and their DNS answers
	// with the private addresses.
	Closed []string
	// ClosesAccess: the change turns public network access off on a
	// service (see migrate.RefuseRecordMoves).
	ClosesAccess bool
	// TakenRanges are the virtual networks kept whose address space the
	// change takes from their subnets (azurerm.SpaceShrunk), then the
	// subnets kept that it takes address prefixes from, which Azure
	// refuses while addresses there are in use, with the private
	// endpoints kept there (azurerm.PrefixDropped).
	TakenRanges []string
}

// Comparable is changes (outdir.Plan of m's module over the one in its
// folder) made comparable where that module pins another azurerm major
// than m (a workload moved from azurerm 4 to 5): each file's New is then
// m's module built for the major the folder pins, so that Risks and a
// migration phase's refusal compare like with like, and see what the
// manifest's other changes replace, destroy or take. The move itself is
// written with other arguments that replace nothing on a refreshing plan
// (see README, Moving a workload to azurerm 5). pinned is that other
// major, "" where changes are returned as they are (the same major, a new
// folder, a major endpointgen does not build, or a module that does not
// build for it: azurerm.Compare then says it did not compare them).
func Comparable(m *manifest.Manifest, filename string, opts Options, changes []outdir.Change) (comparable []outdir.Change, pinned string) {
	i := slices.IndexFunc(changes, func(c outdir.Change) bool { return c.Name == "versions.tf" && c.Old != nil })
	if i < 0 {
		return changes, ""
	}
	// The majors the two versions.tf pin, as a user's versions.tf.tmpl may
	// pin otherwise than the manifest's provider (">= 4.81").
	pinned = azurerm.PinnedMajor(changes[i].Old)
	if pinned == "" || pinned == azurerm.PinnedMajor(changes[i].New) {
		return changes, ""
	}
	if _, err := azurerm.ParseMajor(pinned); err != nil {
		return changes, "" // not one endpointgen builds: not compared
	}
	other := *m
	other.Provider = pinned
	files, diags := Build(&other, filename, opts)
	if diags.HasErrors() {
		return changes, ""
	}
	built := map[string][]byte{}
	for _, f := range files {
		built[f.Name] = f.Bytes
	}
	for _, c := range changes {
		c.New = built[c.Name]
		delete(built, c.Name)
		if c.Old == nil && c.New == nil {
			continue
		}
		c.Kind = outdir.KindOf(c.Old, c.New)
		comparable = append(comparable, c)
	}
	for _, name := range slices.Sorted(maps.Keys(built)) {
		comparable = append(comparable, outdir.Change{Name: name, Kind: outdir.Created, New: built[name]})
	}
	return comparable, pinned
}

// Risks is the ApplyRisks of changes (outdir.Plan of a module over the one
// in its folder).
func Risks(changes []outdir.Change) (ApplyRisks, error) {
	var risks ApplyRisks
	// Nothing is parsed for a module where no Terraform file that was
	// there changes (up to date, new, or only its README). Otherwise every
	// .tf file is, once where it is the same in both: it can hold a
	// resource replaced through a reference to one in a file that changed.
	if !slices.ContainsFunc(changes, func(c outdir.Change) bool {
		return c.Kind != outdir.Unchanged && c.Old != nil && strings.HasSuffix(c.Name, ".tf")
	}) {
		return risks, nil
	}
	old, next := map[string][]byte{}, map[string][]byte{}
	for _, c := range changes {
		if c.Old != nil {
			old[c.Name] = c.Old
		}
		if c.New != nil {
			next[c.Name] = c.New
		}
	}
	compared, err := azurerm.Compare(old, next)
	risks.OtherMajor = compared.OtherMajor
	// A zone the records leave that the change deletes, with its links,
	// is said once, with the move.
	withMove := map[string]bool{}
	for _, m := range compared.Moves {
		for _, addr := range m.Deletes {
			withMove[addr] = true
		}
	}
	all := slices.DeleteFunc(compared.Replaced, func(r azurerm.Replacement) bool { return r.TakenOut || r.Deleted && withMove[r.Addr] })
	// Causes first: what the change itself replaces, then what it
	// deletes, then what is replaced because it refers to those.
	rank := func(r azurerm.Replacement) int {
		switch {
		case r.Deleted:
			return 1
		case r.Via != "":
			return 2
		}
		return 0
	}
	slices.SortStableFunc(all, func(a, b azurerm.Replacement) int { return rank(a) - rank(b) })
	risks.Replaced = azurerm.Lines(all)
	risks.LosesData = slices.ContainsFunc(all, azurerm.Replacement.LosesData)
	for _, m := range compared.Moves {
		risks.Moved = append(risks.Moved, m.String())
	}
	for _, c := range compared.Closed {
		risks.ClosesAccess = true
		if len(c.NewEndpoints) > 0 {
			risks.Closed = append(risks.Closed, c.Addr+": through "+strings.Join(c.NewEndpoints, ", "))
		}
	}
	for _, s := range compared.Shrunk {
		risks.TakenRanges = append(risks.TakenRanges, s.String())
	}
	for _, d := range compared.Dropped {
		risks.TakenRanges = append(risks.TakenRanges, d.String())
	}
	return risks, err
}
