package render

import (
	"errors"
	"testing"
	"testing/fstest"
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
