// Package build turns a valid manifest into the files of a Terraform root
// module: one file per pattern (service_endpoint.go, private_endpoint.go,
// migration.go), one file per service type named after it (storage.go,
// key_vault.go, …), the network, variables, outputs and the data the
// templates render.
package build

import (
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/render"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Options are what the module depends on besides the manifest.
type Options struct {
	// Templates overrides embedded templates by name; nil keeps them all.
	Templates fs.FS
	// Checklist is what to verify after applying m.Phase, for the README.
	Checklist []string
	// NoTests leaves out the posture test (PostureTestFile).
	NoTests bool
}

// Files builds every file of the module of m, a manifest loaded without
// errors, sorted by name.
func Files(m *manifest.Manifest, opts Options) (outdir.Files, error) {
	w, err := newWorkload(m)
	if err != nil {
		return nil, err
	}
	w.checklist = opts.Checklist
	fsys := render.Overlay{User: opts.Templates}
	data := w.templateData()
	data.PostureTests = !opts.NoTests
	files := outdir.Files{}
	add := func(name string, b []byte, err error) error {
		if err != nil {
			return err
		}
		files = append(files, outdir.File{Name: name, Bytes: b})
		return nil
	}
	for _, name := range []string{"versions.tf", "providers.tf"} {
		src, err := render.Exec(fsys, data, name+".tmpl")
		if err != nil {
			return nil, err
		}
		b, err := hclgen.Finish(name, src, outdir.Header)
		if err := add(name, b, err); err != nil {
			return nil, err
		}
	}
	readme, err := render.Exec(fsys, data, "README.md.tmpl", "explain.md.tmpl")
	if err := add("README.md", readme, err); err != nil {
		return nil, err
	}
	hclFiles := []*hclgen.File{w.variablesFile(), w.mainFile(), w.outputsFile()}
	hclFiles = append(hclFiles, w.serviceFiles()...)
	hclFiles = append(hclFiles, w.pattern.files(w)...)
	if !opts.NoTests {
		hclFiles = append(hclFiles, w.postureFile())
	}
	if f := w.backendFile(); f != nil {
		hclFiles = append(hclFiles, f)
	}
	for _, f := range hclFiles {
		hclgen.IgnoreTagChanges(f, w.IgnoreTagChanges)
		header := outdir.Header
		if f.Name() == outdir.OwnerFile {
			header = outdir.OwnerHeader(m.Name)
		}
		files = append(files, outdir.File{Name: f.Name(), Bytes: f.Bytes(header)})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, uniqueAddresses(files)
}

// Explain renders the text of `endpointgen explain` for m.
func Explain(m *manifest.Manifest) ([]byte, error) {
	w, err := newWorkload(m)
	if err != nil {
		return nil, err
	}
	return render.Exec(render.Overlay{}, w.templateData(), "explain.md.tmpl")
}

// uniqueAddresses fails when two blocks of the module share an address,
// which Terraform would reject. Manifest validation reports the names that
// collide at their lines; this is the last resort for a collision it does
// not foresee.
func uniqueAddresses(files outdir.Files) error {
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
				where := "twice in " + f.Name
				if other != f.Name {
					where = "in " + other + " and " + f.Name
				}
				return fmt.Errorf("two parts of the manifest both produce %s (%s): names that differ only in punctuation or case map to one Terraform name; rename one", addr, where)
			}
			seen[addr] = f.Name
		}
	}
	return nil
}
