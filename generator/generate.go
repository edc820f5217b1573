package generator

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// File is one generated file: its name inside the output directory and its
// complete contents, header included.
type File struct {
	Name  string
	Bytes []byte
}

// Files is the output of one workload, sorted by name.
type Files []File

// Options tune generation. The zero value is the default.
type Options struct {
	// Phase, when set, generates that phase of the migration of a
	// service-endpoint manifest to private endpoints (PhaseAdd,
	// PhaseCutover, PhaseCleanup) instead of the manifest's pattern.
	Phase string
	// Templates, when set, overrides embedded templates by name
	// (versions.tf.tmpl, providers.tf.tmpl, README.md.tmpl,
	// explain.md.tmpl); the others stay embedded.
	Templates fs.FS
}

// Generate turns the manifest src into the files of one Terraform root
// module. filename is used only in diagnostics. It returns every problem
// found in the manifest; Files is nil whenever the diagnostics hold an error,
// so a caller never writes half a module. Warnings may come with Files.
func Generate(src []byte, filename string, opts Options) (Files, hcl.Diagnostics) {
	m, diags := load(src, filename, opts.Phase)
	if diags.HasErrors() {
		return nil, diags
	}
	w := newWorkload(m)
	if opts.Phase != "" {
		w.pattern = migrationPattern{opts.Phase}
	}
	files, err := render(w, overlay{opts.Templates})
	if err != nil {
		r := hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cannot render the module",
			Detail:   err.Error(),
			Subject:  &r,
		})
	}
	return files, diags
}

// Explain describes in plain words (Markdown) what the manifest src builds
// and why: the resources, the traffic path, the DNS zones to forward, the
// trade-offs of the two patterns. The generated README carries the same text.
func Explain(src []byte, filename string) ([]byte, hcl.Diagnostics) {
	m, diags := load(src, filename, "")
	if diags.HasErrors() {
		return nil, diags
	}
	w := newWorkload(m)
	text, err := execTemplate(overlay{}, w.templateData(), "explain.md.tmpl")
	if err != nil {
		r := hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
		return nil, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot explain the manifest", Detail: err.Error(), Subject: &r})
	}
	return text, diags
}

// Validate decodes and checks the manifest src without generating anything.
func Validate(src []byte, filename string) hcl.Diagnostics {
	_, diags := load(src, filename, "")
	return diags
}

// load decodes and validates a manifest. Validation runs even when decoding
// found problems, on whatever decoded, so that one run reports them all.
// A migration phase wants a service-endpoint manifest.
func load(src []byte, filename, phase string) (*Manifest, hcl.Diagnostics) {
	m, pos, diags := decodeManifest(src, filename)
	if m == nil {
		return nil, diags
	}
	migrating := phase != ""
	if migrating && m.Pattern != PatternServiceEndpoint && m.Pattern != "" {
		r := pos["pattern"]
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Not a service-endpoint workload",
			Detail: "endpointgen migrate moves a pattern: service-endpoint workload to private endpoints; this one is " + m.Pattern + " already.", Subject: &r})
	}
	m.applyDefaults(m.Pattern == PatternPrivateEndpoint || migrating)
	diags = append(diags, validateManifest(m, pos, migrating)...)
	// Report in the order of the file, whichever check found the problem.
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		return a != nil && b != nil && a.Start.Byte < b.Start.Byte
	})
	return m, diags
}

// source is a file still to be produced: built with hclwrite (hclFile) or
// rendered from a template (templateFile).
type source interface {
	filename() string
	bytes() ([]byte, error)
}

// render builds every file of the module, in name order.
func render(w *workload, fsys fs.FS) (Files, error) {
	data := w.templateData()
	sources := []source{
		templateFile{"versions.tf", fsys, data},
		templateFile{"providers.tf", fsys, data},
		w.variablesFile(),
		w.mainFile(),
		w.outputsFile(),
		readmeFile{fsys, data},
	}
	for _, f := range w.serviceFiles() {
		sources = append(sources, f)
	}
	for _, f := range w.pattern.files(w) {
		sources = append(sources, f)
	}
	files := make(Files, 0, len(sources))
	for _, s := range sources {
		b, err := s.bytes()
		if err != nil {
			return nil, err
		}
		files = append(files, File{Name: s.filename(), Bytes: b})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, uniqueAddresses(files)
}

// uniqueAddresses fails when two blocks of the module share an address
// (two services whose names map to one label, say), which Terraform would
// reject; the manifest must then use other names.
func uniqueAddresses(files Files) error {
	seen := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".tf") {
			continue
		}
		parsed, diags := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		if diags.HasErrors() {
			return fmt.Errorf("generated %s does not parse: %s", f.Name, diags.Error())
		}
		for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
			addr := strings.Join(append([]string{b.Type}, b.Labels...), ".")
			if b.Type == "terraform" || b.Type == "provider" {
				continue
			}
			if other, dup := seen[addr]; dup {
				return fmt.Errorf("two parts of the manifest both produce %s (in %s and %s): names that differ only in punctuation or case map to one Terraform address; rename one", addr, other, f.Name)
			}
			seen[addr] = f.Name
		}
	}
	return nil
}
