package render

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/endpointgen/endpointgen/templates"
)

// TestPrepare: a set parsed ahead renders as one parsed by Exec, and a set
// that does not parse is still reported by Exec, at its line.
func TestPrepare(t *testing.T) {
	fsys := fstest.MapFS{
		"ok.tmpl":     {Data: []byte(`{{template "part" .}}!`)},
		"part.tmpl":   {Data: []byte(`{{define "part"}}hello {{.}}{{end}}`)},
		"broken.tmpl": {Data: []byte("line one\n{{ if }}")},
	}
	Prepare(fsys, []string{"ok.tmpl", "part.tmpl"}, []string{"broken.tmpl"})
	if got, err := Exec(fsys, "you", "ok.tmpl", "part.tmpl"); err != nil || string(got) != "hello you!" {
		t.Errorf("prepared set: %q, %v; want %q", got, err, "hello you!")
	}
	_, err := Exec(fsys, nil, "broken.tmpl")
	var te *TemplateError
	if !errors.As(err, &te) || te.Name != "broken.tmpl" || te.Line != 2 {
		t.Errorf("broken set after Prepare: %#v; want a TemplateError at broken.tmpl:2", err)
	}
}

// TestUnknownField: a field the data lacks is reported at its line with
// the fields of the value it was asked of (the data, or a value in one of
// its lists), and the closest one, not only Go's name for the type.
func TestUnknownField(t *testing.T) {
	type item struct{ Title, Name string }
	type data struct {
		Name  string
		Items []item
	}
	fsys := fstest.MapFS{
		"top.tmpl":    {Data: []byte("# {{ .Nmae }}\n")},
		"nested.tmpl": {Data: []byte("{{ range .Items }}\n{{ .Titel }}{{ end }}\n")},
		"far.tmpl":    {Data: []byte("{{ .Zzzzzzzz }}\n")},
		"list.tmpl":   {Data: []byte("{{ .Items.Title }}\n")},
		"string.tmpl": {Data: []byte("{{ .Name.Foo }}\n")},
	}
	d := data{Name: "a", Items: []item{{Title: "t"}}}
	for name, want := range map[string]string{
		"top.tmpl":    "did you mean .Name? (the value there has .Name, .Items)",
		"nested.tmpl": "did you mean .Title? (the value there has .Title, .Name)",
		"far.tmpl":    "Zzzzzzzz in type render.data: the value there has .Name, .Items",
		"list.tmpl":   "the value there is a list, whose items have .Title: range over it",
		"string.tmpl": "can't evaluate field Foo in type string: the value there is a string, which has no fields",
	} {
		_, err := Exec(fsys, d, name)
		var te *TemplateError
		if !errors.As(err, &te) || te.Line == 0 || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want a TemplateError at its line with %q", name, err, want)
		}
	}
}

// TestEmbeddedParsedAtStart: each embedded template's trees, parsed from
// process start without the functions (templates.Trees), are the trees
// text/template's Parse makes of the file with them: the same templates
// defined, each printing the same; and every function they call exists.
func TestEmbeddedParsedAtStart(t *testing.T) {
	for _, name := range Names() {
		src, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := base().Clone()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := want.New(name).Parse(string(src)); err != nil {
			t.Errorf("%s with the functions: %v", name, err)
			continue
		}
		trees, err := templates.Trees(name)
		if err != nil {
			t.Errorf("%s parsed at start: %v", name, err)
			continue
		}
		var got []string
		for tname, tree := range trees {
			got = append(got, tname)
			if w := want.Lookup(tname); w == nil || w.Tree.Root.String() != tree.Root.String() {
				t.Errorf("%s: template %s parsed at start differs from text/template's parse", name, tname)
			}
		}
		var defined []string
		for _, tmpl := range want.Templates() {
			if tmpl.Tree != nil {
				defined = append(defined, tmpl.Name())
			}
		}
		slices.Sort(got)
		slices.Sort(defined)
		if !slices.Equal(got, defined) {
			t.Errorf("%s defines %v parsed at start, %v parsed by text/template", name, got, defined)
		}
	}
	if _, err := templates.Trees("missing.tmpl"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Trees of a file not embedded: %v; want fs.ErrNotExist", err)
	}
}

// TestUndefinedInOverride: an override of a file that should define a
// template (explain.md.tmpl, "explain") but is plain text is reported at
// that file, saying to define it; a template that does not use it renders.
func TestUndefinedInOverride(t *testing.T) {
	fsys := fstest.MapFS{
		"README.md.tmpl":  {Data: []byte("# {{ .Name }}\n\n{{ template \"explain\" . }}\n")},
		"explain.md.tmpl": {Data: []byte("Plain text about {{ .Name }}\n")},
		"short.md.tmpl":   {Data: []byte("# {{ .Name }}\n")},
	}
	data := struct{ Name string }{"app"}
	_, err := Exec(fsys, data, "README.md.tmpl", "explain.md.tmpl")
	var te *TemplateError
	if !errors.As(err, &te) || te.Name != "explain.md.tmpl" || te.Line != 1 ||
		!strings.Contains(err.Error(), `explain.md.tmpl defines no template "explain", which README.md.tmpl renders`) ||
		!strings.Contains(err.Error(), `{{ define "explain" }}`) {
		t.Errorf("plain explain.md.tmpl: %#v", err)
	}
	if got, err := Exec(fsys, data, "short.md.tmpl", "explain.md.tmpl"); err != nil || string(got) != "# app\n" {
		t.Errorf("a template that does not use it: %q, %v", got, err)
	}
	fsys["README.md.tmpl"] = &fstest.MapFile{Data: []byte("{{ template \"other\" . }}\n")}
	if _, err := Exec(fsys, data, "README.md.tmpl", "explain.md.tmpl"); !errors.As(err, &te) || te.Name != "README.md.tmpl" {
		t.Errorf("another template missing is the README's: %#v", err)
	}
}
