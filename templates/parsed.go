package templates

import (
	"io/fs"
	"text/template/parse"
)

// parsedFile is one embedded file's parse, ready once done is closed.
type parsedFile struct {
	done  chan struct{}
	trees map[string]*parse.Tree
	err   error
}

// parsed holds each embedded *.tmpl file's parse, by name; written only
// in init.
var parsed = map[string]*parsedFile{}

// The embedded templates are parsed from process start, on another
// goroutine: the packages initialised after this one (about half of
// the initialisation, a few milliseconds) leave a second core idle, and
// parsing the module's templates was a fifth of a one-workload run.
// A command that renders none (version, validate) wastes that core's
// work, not its own time.
func init() {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		parsed[e.Name()] = &parsedFile{done: make(chan struct{})}
		names = append(names, e.Name())
	}
	go func() {
		for _, name := range names {
			p := parsed[name]
			p.trees, p.err = parseFile(name)
			close(p.done)
		}
	}()
}

// parseFile parses the embedded file name as text/template's Parse
// would, without checking that the functions it calls exist: the
// functions (sprig's) are not initialised yet when this runs. The
// caller checks them: a call of an undefined function fails when the
// template is executed, and the tests parse each file with the
// functions too.
func parseFile(name string) (map[string]*parse.Tree, error) {
	src, err := FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	t := parse.New(name)
	t.Mode = parse.SkipFuncCheck
	trees := map[string]*parse.Tree{}
	if _, err := t.Parse(string(src), "", "", trees); err != nil {
		return nil, err
	}
	return trees, nil
}

// Trees returns the parse trees of the embedded template file name, as
// text/template's Parse makes them: the file's own, under its name, and
// one for each template it defines, under that name. It waits for the
// parse begun at process start. The trees are shared: they must not be
// changed. An error is the file's parse error, or fs.ErrNotExist for a
// file that is not embedded.
func Trees(name string) (map[string]*parse.Tree, error) {
	p, ok := parsed[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	<-p.done
	return p.trees, p.err
}
