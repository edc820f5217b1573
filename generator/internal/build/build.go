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
	"github.com/endpointgen/endpointgen/generator/internal/memo"
	"github.com/endpointgen/endpointgen/generator/internal/render"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
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
	var files outdir.Files
	var blocks, built []block
	// The files hclgen builds first: they need no template, which another
	// goroutine may still be parsing (Prepare).
	for _, f := range w.hclFiles(opts) {
		header := outdir.Header
		if f.Name() == outdir.OwnerFile {
			header = outdir.OwnerHeader(m.Name)
		}
		files = append(files, outdir.File{Name: f.Name(), Bytes: f.Bytes(header)})
		built = append(built, blocksOf(f)...)
	}
	for _, name := range []string{"versions.tf", "providers.tf"} {
		src, err := render.Exec(fsys, data, name+templateSuffix)
		if err != nil {
			return nil, err
		}
		f, err := finish(name, src)
		if err != nil {
			// The template's fault (a user's may render anything), at no
			// line of it: the position is the rendered file's.
			return nil, &render.TemplateError{Name: name + ".tmpl", Err: err}
		}
		files = append(files, outdir.File{Name: name, Bytes: f.bytes})
		blocks = append(blocks, f.blocks...)
	}
	readme, err := render.Exec(fsys, data, readmeTemplates[0], readmeTemplates[1:]...)
	if err != nil {
		return nil, err
	}
	files = append(files, outdir.File{Name: "README.md", Bytes: readme})
	blocks = append(blocks, built...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, uniqueAddresses(blocks)
}

const templateSuffix = ".tmpl"

// readmeTemplates renders the module's README: the README template, then
// the explain template it includes.
var readmeTemplates = []string{"README.md.tmpl", "explain.md.tmpl"}

// Prepare parses the templates Files renders, the embedded ones or a
// user's, ahead of it (see render.Prepare).
func Prepare(templates fs.FS) {
	render.Prepare(render.Overlay{User: templates},
		[]string{"versions.tf" + templateSuffix}, []string{"providers.tf" + templateSuffix}, readmeTemplates)
}

// hclFiles builds the module's files that hclwrite writes.
func (w *workload) hclFiles(opts Options) []*hclgen.File {
	files := []*hclgen.File{w.variablesFile(), w.mainFile(), w.outputsFile()}
	files = append(files, w.serviceFiles()...)
	files = append(files, w.pattern.files(w)...)
	if !opts.NoTests {
		files = append(files, w.postureFile())
	}
	if f := w.backendFile(); f != nil {
		files = append(files, f)
	}
	for _, f := range files {
		hclgen.IgnoreTagChanges(f, w.IgnoreTagChanges)
	}
	return files
}

// finished is a file a template rendered, formatted, with its blocks.
type finished struct {
	bytes  []byte
	blocks []block
}

// finishedFiles keeps what finish made of a rendered file, by its name and
// source: the workloads of a run mostly render the same few versions.tf and
// providers.tf, and parsing them again for each costs a quarter of the
// time.
var finishedFiles memo.Memo[finished]

// finish formats a file a template rendered (hclgen.Finish) and lists its
// blocks, where a user's template may have added some.
func finish(name string, src []byte) (finished, error) {
	return finishedFiles.Get(name+"\x00"+string(src), func() (finished, error) {
		b, headers, err := hclgen.Finish(name, src, outdir.Header)
		if err != nil {
			return finished{}, err
		}
		f := finished{bytes: b}
		for _, h := range headers {
			f.blocks = append(f.blocks, block{name, h})
		}
		return f, nil
	})
}

// Explain renders the text of `endpointgen explain` for m.
func Explain(m *manifest.Manifest) ([]byte, error) {
	w, err := newWorkload(m)
	if err != nil {
		return nil, err
	}
	return render.Exec(render.Overlay{}, w.templateData(), "explain.md.tmpl")
}

// block is a top-level block of a generated file.
type block struct {
	file string
	hclgen.Header
}

// blocksOf lists the blocks of a built Terraform file (*.tf) as they were
// appended, without parsing what it writes.
func blocksOf(f *hclgen.File) []block {
	if !strings.HasSuffix(f.Name(), ".tf") {
		return nil
	}
	var out []block
	for _, h := range f.Blocks() {
		out = append(out, block{f.Name(), h})
	}
	return out
}

// uniqueAddresses fails when two blocks of the module share an address,
// which Terraform would reject. Manifest validation reports the names that
// collide at their lines; this is the last resort for a collision it does
// not foresee.
func uniqueAddresses(blocks []block) error {
	// By file name, so that the error names the files in a stable order.
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].file < blocks[j].file })
	seen := map[string]string{}
	for _, b := range blocks {
		if b.Type == "terraform" || b.Type == "provider" || b.Type == "removed" {
			continue // no address of their own
		}
		addr := strings.Join(append([]string{b.Type}, b.Labels...), ".")
		if other, dup := seen[addr]; dup {
			where := "twice in " + b.file
			if other != b.file {
				where = "in " + other + " and " + b.file
			}
			return fmt.Errorf("two parts of the manifest both produce %s (%s): names that differ only in punctuation or case map to one Terraform name; rename one", addr, where)
		}
		seen[addr] = b.file
	}
	return nil
}
