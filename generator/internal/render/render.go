// Package render executes the module's text templates (versions.tf,
// providers.tf, README.md, explain.md) with sprig's reproducible functions,
// from the embedded set or a user's overriding directory.
package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/endpointgen/endpointgen/generator/internal/memo"
	"github.com/endpointgen/endpointgen/generator/internal/spelling"
	"github.com/endpointgen/endpointgen/generator/internal/tmplfuncs"
	"github.com/endpointgen/endpointgen/templates"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// funcs is sprig's hermetic set without the non-reproducible functions, plus
// hclString, the only way a template puts a value into HCL: it writes a quoted
// HCL string with every special sequence escaped ("${" becomes "$${").
func funcs() template.FuncMap {
	fm := tmplfuncs.Map()
	fm["hclString"] = func(s string) string {
		return strings.TrimSpace(string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()))
	}
	return fm
}

// Overlay reads a template from the user's directory when it has one of
// that name, and from the embedded templates otherwise.
type Overlay struct{ User fs.FS }

// Open implements fs.FS.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.User != nil {
		if f, err := o.User.Open(name); err == nil {
			return f, nil
		}
	}
	return templates.FS.Open(name)
}

// Names lists the templates a user may override, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(templates.FS, ".")
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmpl") {
			names = append(names, e.Name())
		}
	}
	return names
}

// Unknown lists the *.tmpl files of a user's template directory that
// override nothing: a misspelt name would otherwise be ignored silently.
func Unknown(user fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(user, ".")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmpl") && !slices.Contains(Names(), e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// TemplateError is a template that does not parse or render, with where
// text/template says the problem is (Line and Column 0 when it says not).
type TemplateError struct {
	Name         string // the template file, e.g. versions.tf.tmpl
	Line, Column int
	Err          error
}

func (e *TemplateError) Error() string { return e.Err.Error() }

func (e *TemplateError) Unwrap() error { return e.Err }

// templatePos reads "template: NAME:LINE[:COL]: …" from text/template's
// errors, the only form it gives positions in.
var templatePos = lazyregexp.New(`template: ([^:\s]+):(\d+)(?::(\d+))?:`)

func templateError(name string, err error) error {
	te := &TemplateError{Name: name, Err: err}
	msg := err.Error()
	if m := templatePos.FindStringSubmatch(msg); m != nil {
		te.Name = m[1]
		te.Line, _ = strconv.Atoi(m[2])
		te.Column, _ = strconv.Atoi(m[3])
	}
	switch m := actionStart.FindStringSubmatch(msg); {
	case m != nil:
		// An action left open is told where it starts, not where the
		// file ran out.
		te.Line, _ = strconv.Atoi(m[1])
		te.Column = 0
	case strings.HasSuffix(msg, ": unexpected EOF"):
		// text/template says neither which block nor where it starts.
		te.Err = fmt.Errorf("%w: a {{ if }}, {{ range }}, {{ with }}, {{ block }} or {{ define }} lacks its {{ end }}", err)
	}
	return te
}

// actionStart reads where an unclosed action starts from text/template's
// message: "unclosed action started at NAME:LINE".
var actionStart = lazyregexp.New(`action started at [^:\s]+:(\d+)`)

// fieldError is text/template's error for a field a value of the data
// lacks, naming the field and the Go type (build.templateData), which a
// template's author does not know.
var fieldError = lazyregexp.New(`can't evaluate field (\w+) in type (\S+)`)

// unknownField says, for fieldError's message about a struct type of
// data (data's own, or one it holds in a field, a list or a pointer),
// which fields that value has, and the closest to the one asked for; ""
// for any other message.
func unknownField(msg string, data any) string {
	m := fieldError.FindStringSubmatch(msg)
	if m == nil || data == nil {
		return ""
	}
	// A list asked for a field its items have: {{ .Subnets.Name }}.
	typeName, list := strings.CutPrefix(m[2], "[]")
	var t reflect.Type
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		if typ.String() == typeName {
			t = typ
		}
		for i := range typ.NumField() {
			walk(typ.Field(i).Type)
		}
	}
	walk(reflect.TypeOf(data))
	if t == nil {
		if !list && !strings.ContainsAny(typeName, ".[]*") {
			// A string, a bool, a number: {{ .Name.Foo }}.
			return fmt.Sprintf("the value there is a %s, which has no fields", typeName)
		}
		return ""
	}
	var fields []string
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			fields = append(fields, f.Name)
		}
	}
	if list && slices.Contains(fields, m[1]) {
		return fmt.Sprintf("the value there is a list, whose items have .%s: range over it ({{ range … }}{{ .%s }}{{ end }})", m[1], m[1])
	}
	has := "the value there has ." + strings.Join(fields, ", .")
	if list {
		has = "the value there is a list, whose items have ." + strings.Join(fields, ", .")
	}
	if best := spelling.Closest(m[1], fields); best != "" {
		return fmt.Sprintf("did you mean .%s? (%s)", best, has)
	}
	return has
}

// Exec renders the template name with data, from fsys; more names
// are parsed along for the templates name uses. A user's template that
// does not parse or render is a *TemplateError, never a panic.
func Exec(fsys fs.FS, data any, name string, more ...string) ([]byte, error) {
	t, err := parse(fsys, append([]string{name}, more...))
	if err != nil {
		return nil, templateError(name, fmt.Errorf("parsing template %s: %w", name, err))
	}
	var buf bytes.Buffer
	// As large as this template's last output: a README grown a byte
	// slice at a time was a tenth of what a workload allocated.
	if n, ok := lastSize.Load(name); ok {
		buf.Grow(n.(int))
	}
	defer func() { lastSize.Store(name, buf.Len()) }()
	if strings.HasPrefix(name, "explain") {
		// The explain file only defines the template the README uses too.
		t = t.Lookup("explain")
	}
	if err := t.Execute(&buf, data); err != nil {
		if undefined := undefinedIn(more, t, err); undefined != nil {
			return nil, undefined
		}
		err = fmt.Errorf("rendering template %s: %w", name, err)
		if why := unknownField(err.Error(), data); why != "" {
			err = fmt.Errorf("%w: %s", err, why)
		}
		return nil, templateError(name, err)
	}
	return buf.Bytes(), nil
}

// undefinedIn is the error of a file of more (explain.md.tmpl) that
// defines no template of its first name (explain) when err is the
// template using it not finding it: a plain-text override, which the
// template would otherwise be blamed for. nil for any other error.
func undefinedIn(more []string, t *template.Template, err error) error {
	for _, file := range more {
		def, _, _ := strings.Cut(file, ".")
		if t.Lookup(def) == nil && strings.Contains(err.Error(), fmt.Sprintf("template %q not defined", def)) {
			return &TemplateError{Name: file, Line: 1, Column: 1, Err: fmt.Errorf(
				"%s defines no template %q, which %s renders with {{ template %q . }}: wrap the file's text in {{ define %q }} … {{ end }}",
				file, def, t.Name(), def, def)}
		}
	}
	return nil
}

// lastSize is the length of each template's last output, by name.
var lastSize sync.Map

// Prepare parses each set of template files (names as Exec takes them:
// the template, then those it uses) of fsys ahead of Exec, for a caller to
// run on another goroutine while it reads its input: an Exec of a set being
// prepared waits for it rather than parsing it again. Errors are left for
// Exec to report.
func Prepare(fsys fs.FS, sets ...[]string) {
	for _, names := range sets {
		parse(fsys, names)
	}
}

// parsed holds the sets of a user's template files parsed so far, by the
// names and contents of their files: a run parses its templates once, not
// once per workload, and a file that changed is parsed anew. Templates
// execute in parallel safely.
var parsed memo.Memo[*template.Template]

// base is the empty template every set of a user's templates starts as a
// clone of: Funcs checks each function of the map (about 180, most of them
// sprig's) by reflection, which once per set was a good part of a
// one-workload run's parsing; a clone copies the checked functions (and
// the missingkey option).
var base = sync.OnceValue(func() *template.Template {
	return template.New("").Funcs(funcs()).Option("missingkey=error")
})

// embedded is the one set of every embedded template, made once from
// the trees parsed since process start (templates.Trees) with the
// functions: one copy of the functions for the run's templates, where a
// set each cloned from base copied the 180 twice per set.
var embedded = sync.OnceValues(func() (*template.Template, error) {
	set := template.New("").Funcs(funcs()).Option("missingkey=error")
	for _, name := range Names() {
		trees, err := templates.Trees(name)
		if err != nil {
			return nil, err
		}
		for tname, tree := range trees {
			if _, err := set.AddParseTree(tname, tree); err != nil {
				return nil, err
			}
		}
	}
	return set, nil
})

// parse parses the files names of fsys into one set, named after the first.
func parse(fsys fs.FS, names []string) (*template.Template, error) {
	if o, ok := fsys.(Overlay); ok && o.User == nil {
		// The embedded templates are the binary's own, all in one set.
		set, err := embedded()
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if set.Lookup(name) == nil {
				return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
			}
		}
		return set.Lookup(names[0]), nil
	}
	srcs, key, err := read(fsys, names)
	if err != nil {
		return nil, err
	}
	return parsed.Get(key, func() (*template.Template, error) {
		set, err := base().Clone()
		if err != nil {
			return nil, err
		}
		t := set.New(names[0])
		for i, name := range names {
			tmpl := t
			if i > 0 {
				tmpl = t.New(name)
			}
			if _, err := tmpl.Parse(srcs[i]); err != nil {
				return nil, err
			}
		}
		return t, nil
	})
}

// read reads the files names of fsys, and a key of their names and
// contents.
func read(fsys fs.FS, names []string) (srcs []string, key string, err error) {
	srcs = make([]string, len(names))
	var k strings.Builder
	for i, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, "", err
		}
		srcs[i] = string(b)
		fmt.Fprintf(&k, "%s\x00%d\x00%s", name, len(b), b)
	}
	return srcs, k.String(), nil
}
