package generator

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
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
type Options struct{}

// Generate turns the manifest src into the files of one Terraform root
// module. filename is used only in diagnostics. It returns every problem
// found in the manifest; Files is nil whenever the diagnostics hold an error,
// so a caller never writes half a module. Warnings may come with Files.
func Generate(src []byte, filename string, opts Options) (Files, hcl.Diagnostics) {
	m, diags := load(src, filename)
	if diags.HasErrors() {
		return nil, diags
	}
	files, err := render(newWorkload(m))
	if err != nil {
		return nil, append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Cannot render the module",
			Detail:   err.Error(),
		})
	}
	return files, diags
}

// Validate decodes and checks the manifest src without generating anything.
func Validate(src []byte, filename string) hcl.Diagnostics {
	_, diags := load(src, filename)
	return diags
}

// load decodes and validates a manifest. Validation runs even when decoding
// found problems, on whatever decoded, so that one run reports them all.
func load(src []byte, filename string) (*Manifest, hcl.Diagnostics) {
	m, pos, diags := decodeManifest(src, filename)
	if m == nil {
		return nil, diags
	}
	m.applyDefaults()
	diags = append(diags, validateManifest(m, pos)...)
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
func render(w *workload) (Files, error) {
	data := w.templateData()
	sources := []source{
		templateFile{"versions.tf", data},
		templateFile{"providers.tf", data},
		w.variablesFile(),
		w.mainFile(),
		w.outputsFile(),
		readmeFile{data},
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
	return files, nil
}
