package generator

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/generator/scaffold"
)

// Scaffold returns every file of a new landing-zone repository, sorted by
// name and relative to its root: the repository's own files
// (scaffold.Files) and, in stacks/, the stack each sample manifest
// generates, exactly what `generate workloads -o stacks` writes, so that the
// new repository passes its own CI.
func Scaffold(opts scaffold.Options) (outdir.Files, error) {
	files, err := scaffold.Files(opts)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(files)
	// The samples inherit the new repository's defaults, as generate
	// will read them from disk.
	i := slices.IndexFunc(files, func(f outdir.File) bool { return f.Name == manifest.RepoDefaultsFile })
	defaults, diags := manifest.LoadRepoDefaults(files[i].Bytes, manifest.RepoDefaultsFile)
	if diags.HasErrors() {
		return nil, fmt.Errorf("the scaffold's %s is invalid: %s", manifest.RepoDefaultsFile, diags.Error())
	}
	for _, w := range scaffold.Workloads {
		name := path.Join("workloads", w.File)
		i := slices.IndexFunc(files, func(f outdir.File) bool { return f.Name == name })
		stack, diags := Generate(files[i].Bytes, name, Options{Defaults: defaults})
		if diags.HasErrors() {
			return nil, fmt.Errorf("the sample manifest %s does not generate: %s", name, diags.Error())
		}
		for _, f := range stack {
			out = append(out, outdir.File{Name: path.Join("stacks", w.Stack, f.Name), Bytes: f.Bytes})
		}
	}
	slices.SortFunc(out, func(a, b outdir.File) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}
