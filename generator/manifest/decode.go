package manifest

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/endpointgen/endpointgen/generator/internal/spelling"
	"github.com/hashicorp/hcl/v2"
	"go.yaml.in/yaml/v3"
)

// positions maps a field path ("services[0].name") to where its value stands
// in the manifest, so checks after decoding can point at the right line;
// path+keySuffix is where the field's key stands.
type positions map[string]hcl.Range

const keySuffix = "#key"

// path+misspeltSuffix is where a misspelt key stands that the decoder took
// for the field at path (and reported, with a did-you-mean): the field is
// then not reported missing too.
const misspeltSuffix = "#misspelt"

// withoutEcho appends to decoded, the decoder's diagnostics, the checks'
// later ones but those at the place of a decoder error: a value of the
// wrong type or not allowed reaches the checks as the zero value, whose
// problems (an empty name, say) echo what the decoder said already.
func withoutEcho(decoded, later hcl.Diagnostics) hcl.Diagnostics {
	reported := map[hcl.Pos]bool{}
	for _, d := range decoded {
		if d.Severity == hcl.DiagError && d.Subject != nil {
			reported[d.Subject.Start] = true
		}
	}
	out := decoded
	for _, d := range later {
		if d.Subject == nil || !reported[d.Subject.Start] {
			out = append(out, d)
		}
	}
	return out
}

// decodeManifest parses src as a v1 manifest. It reports every problem it
// finds, not just the first; the manifest is only usable when the returned
// diagnostics hold no error.
func decodeManifest(src []byte, filename string) (*Manifest, positions, hcl.Diagnostics) {
	var m Manifest
	pos, ok, diags := decodeDocument(src, filename, &m, document{
		what:    "the manifest",
		empty:   "The manifest holds no YAML mapping. Start from an example in examples/; `endpointgen schema` prints every field.",
		several: "A manifest holds one workload; put each further workload in a file of its own.",
	})
	if !ok {
		return nil, pos, diags
	}
	return &m, pos, diags
}

// document is a kind of YAML file the decoder reads, for its messages.
type document struct {
	what    string // "the manifest", "the repo defaults file"
	empty   string // what to write in an empty one
	several string // what to do with a second YAML document in it
}

// decodeDocument decodes the one YAML document of src, a doc, into v, a
// pointer to a struct whose tags drive the decoder; ok is false when src
// holds no mapping at all.
func decodeDocument(src []byte, filename string, v any, doc document) (positions, bool, hcl.Diagnostics) {
	d := &decoder{src: src, filename: filename, what: doc.what, pos: positions{}}
	d.lineStarts()
	var first yaml.Node
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	if err := dec.Decode(&first); err != nil && !errors.Is(err, io.EOF) {
		d.yamlError(err)
		return d.pos, false, d.diags
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.yamlError(err)
	case len(extra.Content) > 0 && !isNull(extra.Content[0]):
		d.errorf(&extra, "Several YAML documents", "%s", doc.several)
	}
	root := &first
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode || isNull(root) {
		d.diags = append(d.diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Empty " + strings.TrimPrefix(doc.what, "the "),
			Detail:   doc.empty,
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		})
		return d.pos, false, d.diags
	}
	d.decode(root, reflect.ValueOf(v).Elem(), "", nil)
	return d.pos, root.Kind == yaml.MappingNode, d.diags
}

type decoder struct {
	src      []byte
	filename string
	what     string // the document, in messages: "the manifest", "the repo defaults file"
	starts   []int  // byte offset of each line's first byte
	pos      positions
	diags    hcl.Diagnostics
}

func (d *decoder) lineStarts() {
	d.starts = []int{0}
	for i, b := range d.src {
		if b == '\n' {
			d.starts = append(d.starts, i+1)
		}
	}
}

// rangeOf turns a node's line and column (1-based, in characters) into an
// hcl.Range that covers its token on that line, with byte offsets so that
// hcl's diagnostic writer can underline it.
func (d *decoder) rangeOf(n *yaml.Node) hcl.Range {
	return d.rangeAt(n.Line, n.Column, n)
}

func (d *decoder) rangeAt(line, col int, n *yaml.Node) hcl.Range {
	if line < 1 || line > len(d.starts) {
		return hcl.Range{Filename: d.filename, Start: hcl.InitialPos, End: hcl.InitialPos}
	}
	lineStart := d.starts[line-1]
	lineEnd := len(d.src)
	if line < len(d.starts) {
		lineEnd = d.starts[line] - 1
	}
	text := d.src[lineStart:lineEnd]
	off := 0
	for c := 1; c < col && off < len(text); c++ {
		_, size := utf8.DecodeRune(text[off:])
		off += size
	}
	end := len(text)
	if n != nil && n.Kind == yaml.ScalarNode {
		width := len(n.Value)
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			width += 2
		}
		if off+width < end {
			end = off + width
		}
	}
	end = max(end, off)
	start := hcl.Pos{Line: line, Column: col, Byte: lineStart + off}
	stop := hcl.Pos{Line: line, Column: col + utf8.RuneCount(text[off:end]), Byte: lineStart + end}
	return hcl.Range{Filename: d.filename, Start: start, End: stop}
}

func (d *decoder) errorf(n *yaml.Node, summary, detail string, args ...any) {
	d.errorAt(d.rangeOf(n), summary, detail, args...)
}

func (d *decoder) errorAt(r hcl.Range, summary, detail string, args ...any) {
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(detail, args...),
		Subject:  &r,
	})
}

var yamlLine = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

// yamlError reports a YAML syntax error; the YAML library gives only a line,
// and not always the line of the mistake (see yamlErrorLine).
func (d *decoder) yamlError(err error) {
	msg := err.Error()
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) && len(typeErr.Errors) > 0 {
		msg = typeErr.Errors[0]
	}
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		line = d.yamlErrorLine(line, msg)
	}
	r := d.rangeAt(line, 1, nil)
	d.diags = append(d.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Invalid YAML",
		Detail:   capitalised(d.what) + " is not valid YAML: " + strings.TrimPrefix(msg, "yaml: ") + ".",
		Subject:  &r,
	})
}

// capitalised is s with its first letter upper case: "the manifest" at the
// start of a sentence.
func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// yamlErrorLine turns the line the YAML library reports into the line of
// the mistake. The library reports scanner errors at the start of the token
// being scanned (a tab found while scanning a plain scalar is reported on
// the scalar's first line, not the tab's), and parser errors at the 0-based
// line of the construct left open.
func (d *decoder) yamlErrorLine(line int, msg string) int {
	switch {
	case strings.Contains(msg, "tab character"):
		// The first line from there whose indentation holds a tab.
		for l := line; l <= len(d.starts); l++ {
			if strings.Contains(d.indentation(l), "\t") {
				return l
			}
		}
	case strings.HasPrefix(msg, "did not find expected"):
		// The construct left open starts at line+1; the mistake is
		// usually a line below it that is indented wrongly.
		if l, ok := d.misindented(line + 1); ok {
			return l
		}
		return line + 1
	}
	return line
}

// lineText is line l (1-based) without its line break.
func (d *decoder) lineText(l int) string {
	if l < 1 || l > len(d.starts) {
		return ""
	}
	end := len(d.src)
	if l < len(d.starts) {
		end = d.starts[l] - 1
	}
	return strings.TrimSuffix(string(d.src[d.starts[l-1]:end]), "\r")
}

// indentation is the leading blanks (spaces and tabs) of line l.
func (d *decoder) indentation(l int) string {
	text := d.lineText(l)
	return text[:len(text)-len(strings.TrimLeft(text, " \t"))]
}

// misindented returns the first line from line from on whose indentation
// matches no open block: a line that dedents to a column between two
// levels, or one at a sequence's level that is not a "- " item. It follows
// block indentation only, enough to place a parser error the YAML library
// reports at the start of the enclosing block.
func (d *decoder) misindented(from int) (int, bool) {
	type level struct {
		indent   int
		sequence bool
	}
	open := []level{{0, false}}
	for l := 1; l <= len(d.starts); l++ {
		text := strings.TrimSpace(d.lineText(l))
		if text == "" || strings.HasPrefix(text, "#") || strings.Contains(d.indentation(l), "\t") {
			continue
		}
		indent := len(d.indentation(l))
		dedented := false
		for len(open) > 1 && open[len(open)-1].indent > indent {
			open, dedented = open[:len(open)-1], true
		}
		top := open[len(open)-1]
		item := text == "-" || strings.HasPrefix(text, "- ")
		switch {
		case indent > top.indent && !dedented:
			open = append(open, level{indent, item})
		case indent != top.indent || (top.sequence && !item):
			if l >= from {
				return l, true
			}
		}
		if item {
			// The item's content is a block at the column after "- ".
			rest := text[1:]
			col := indent + 1 + len(rest) - len(strings.TrimLeft(rest, " "))
			open = append(open, level{col, false})
		}
	}
	return 0, false
}

// fieldTag is what a struct field's tags say about its key.
type fieldTag struct {
	key      string
	required bool
	enum     []string
}

// enumerated is a manifest type whose allowed values come from elsewhere
// (ServiceType: the catalogue) rather than from enum tags.
type enumerated interface{ Values() []string }

// structFields is what decoding needs of a struct type's fields.
type structFields struct {
	tags  []fieldTag     // by field index; key "-" for a field the YAML does not set
	byKey map[string]int // YAML key → field index
	keys  []string       // the YAML keys in field order, as messages list them
}

// structFieldsOf caches structFields by reflect.Type: decoding a manifest
// meets the same few types, a thousand manifests a thousand times.
var structFieldsOf sync.Map

// has reports whether key is one of the fields.
func (f *structFields) has(key string) bool {
	_, ok := f.byKey[key]
	return ok
}

func yamlFieldsOf(t reflect.Type) *structFields {
	if f, ok := structFieldsOf.Load(t); ok {
		return f.(*structFields)
	}
	f := &structFields{tags: make([]fieldTag, t.NumField()), byKey: map[string]int{}}
	for i := range f.tags {
		f.tags[i] = parseTag(t.Field(i))
		if !t.Field(i).IsExported() {
			f.tags[i].key = "-"
		}
		if f.tags[i].key == "-" {
			continue // not part of the YAML
		}
		f.byKey[f.tags[i].key] = i
		f.keys = append(f.keys, f.tags[i].key)
	}
	cached, _ := structFieldsOf.LoadOrStore(t, f)
	return cached.(*structFields)
}

func parseTag(f reflect.StructField) fieldTag {
	t := fieldTag{key: strings.Split(f.Tag.Get("yaml"), ",")[0]}
	if e, ok := reflect.Zero(f.Type).Interface().(enumerated); ok {
		t.enum = e.Values()
	}
	for _, part := range strings.Split(f.Tag.Get("jsonschema"), ",") {
		switch {
		case part == "required":
			t.required = true
		case strings.HasPrefix(part, "enum="):
			t.enum = append(t.enum, strings.TrimPrefix(part, "enum="))
		}
	}
	return t
}

// decode sets v from n. path names n for messages and positions; enum, when
// set, lists the values a string (or each string of a list) may take.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string, enum []string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		// Decode the anchored value, but report it, and all it holds,
		// where the alias stands: a problem of the value is one here.
		n = atAlias(n.Alias, n.Line, n.Column)
	}
	d.pos[path] = d.rangeOf(n)
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.String:
		d.decodeString(n, v, path, enum)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
			d.wrongType(n, path, "true or false")
			return
		}
		var b bool
		if err := n.Decode(&b); err != nil {
			d.wrongType(n, path, "true or false")
			return
		}
		v.SetBool(b)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path, enum)
		v.Set(p)
	case reflect.Slice:
		// A key with nothing after it is null: a mistake, not an empty list.
		if n.Kind != yaml.SequenceNode {
			d.wrongType(n, path, "a list, such as [a, b]")
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content)))
		for i, item := range n.Content {
			d.decode(item, v.Index(i), fmt.Sprintf("%s[%d]", path, i), enum)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.wrongType(n, path, "a mapping of names to strings, such as { owner: team-a }")
			return
		}
		v.Set(reflect.MakeMap(v.Type()))
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.errorf(k, "Invalid key", "Keys of %s must be plain strings.", d.describe(path))
				continue
			}
			if k.Value == "<<" && k.Tag == "!!merge" {
				d.errorf(k, "Merge keys not supported", "YAML merge keys (<<) are not supported in %s; write the entries out.", d.what)
				continue
			}
			if v.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.errorf(k, "Duplicate key", "The key %q is given twice in %s.", k.Value, d.describe(path))
				continue
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			d.pos[path+"."+k.Value+keySuffix] = d.rangeOf(k)
			d.decode(val, elem, path+"."+k.Value, nil)
			v.SetMapIndex(reflect.ValueOf(k.Value), elem)
		}
	default:
		panic("decode: unsupported field kind " + v.Kind().String())
	}
}

// atAlias is a copy of n, and of all it holds, placed at line and col,
// where an alias of n stands.
func atAlias(n *yaml.Node, line, col int) *yaml.Node {
	c := *n
	c.Line, c.Column = line, col
	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, child := range n.Content {
			c.Content[i] = atAlias(child, line, col)
		}
	}
	return &c
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.wrongType(n, path, "a mapping of keys to values")
		return
	}
	fields := yamlFieldsOf(v.Type())
	tags, byKey, keys := fields.tags, fields.byKey, fields.keys
	seen := map[string]*yaml.Node{} // key → where it was first given
	suggested := map[string]bool{}  // fields a misspelt key was taken for
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		idx, ok := byKey[k.Value]
		switch {
		case k.Kind != yaml.ScalarNode:
			d.errorf(k, "Invalid key", "Keys must be plain strings; allowed here: %s.", strings.Join(keys, ", "))
			continue
		case k.Value == "<<":
			d.errorf(k, "Merge keys not supported", "YAML merge keys (<<) are not supported in %s; write the fields out.", d.what)
			continue
		case !ok && path == "" && d.what == repoDefaultsWhat && yamlFieldsOf(reflect.TypeFor[Manifest]()).has(k.Value):
			d.errorf(k, "Unsupported field", "%q is a field of each manifest, not of %s, which gives what many workloads share. Allowed here: %s.",
				k.Value, d.what, strings.Join(keys, ", "))
			continue
		case !ok:
			hint := suggest(k.Value, keys)
			if hint != "" {
				suggested[closest(k.Value, keys)] = true
				d.pos[join(path, closest(k.Value, keys))+misspeltSuffix] = d.rangeOf(k)
			}
			d.errorf(k, "Unsupported field", "%q is not a field of %s.%s Allowed: %s.",
				k.Value, d.describe(path), hint, strings.Join(keys, ", "))
			continue
		case seen[k.Value] != nil:
			d.errorf(k, "Duplicate field", "%q is given twice in %s; first on line %d.", k.Value, d.describe(path), seen[k.Value].Line)
			continue
		}
		seen[k.Value] = k
		d.pos[join(path, k.Value)+keySuffix] = d.rangeOf(k)
		d.decode(val, v.Field(idx), join(path, k.Value), tags[idx].enum)
	}
	for _, tag := range tags {
		if tag.required && seen[tag.key] == nil && tag.key != "-" {
			if !suggested[tag.key] {
				// At the key of the mapping that lacks it (backend:), not
				// at its first field.
				at, ok := d.pos[path+keySuffix]
				if !ok {
					at = d.rangeOf(n)
				}
				d.errorAt(at, "Missing required field", "%s needs %q%s.", d.describe(path), tag.key, allowedSuffix(tag.enum))
			}
		}
	}
}

func (d *decoder) decodeString(n *yaml.Node, v reflect.Value, path string, enum []string) {
	// Numbers and dates are strings as written: tags: {cost-center: 4711}.
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!int" && n.Tag != "!!float" && n.Tag != "!!timestamp") {
		want := "a string"
		if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
			want = `a string (quote it: "` + n.Value + `")`
		}
		if len(enum) > 0 {
			want = "one of " + strings.Join(enum, ", ")
		}
		d.wrongType(n, path, want)
		return
	}
	if len(enum) > 0 && !slices.Contains(enum, n.Value) {
		d.errorf(n, "Unsupported value", "%q is not allowed for %s.%s Allowed: %s.",
			n.Value, d.describe(path), suggest(n.Value, enum), strings.Join(enum, ", "))
		return
	}
	v.SetString(n.Value)
}

func (d *decoder) wrongType(n *yaml.Node, path, want string) {
	d.errorf(n, "Wrong type", "%s must be %s; found %s.", d.describe(path), want, kindOf(n))
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!null":
		return "nothing (null)"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *decoder) describe(path string) string {
	if path == "" {
		return d.what
	}
	return "`" + path + "`"
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func allowedSuffix(enum []string) string {
	if len(enum) == 0 {
		return ""
	}
	return " (one of " + strings.Join(enum, ", ") + ")"
}

// closest returns the candidate within a few edits of given, or "".
func closest(given string, candidates []string) string { return spelling.Closest(given, candidates) }

// suggest returns ` Did you mean "x"?` for the closest candidate, or "".
func suggest(given string, candidates []string) string {
	if best := closest(given, candidates); best != "" && best != given {
		return fmt.Sprintf(" Did you mean %q?", best)
	}
	return ""
}
