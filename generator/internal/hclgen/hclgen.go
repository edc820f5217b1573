// Package hclgen is what every builder writes Terraform with: the bodies
// of files and blocks (Body, which makes hclwrite's tokens without its
// syntax tree), references kept as their parts, literals, lists and maps,
// lifecycle settings, and the last step that formats a file and puts the
// generated header on top. It imports nothing else of the project.
package hclgen

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Ref is a Terraform reference such as azurerm_subnet.data.id, kept as its
// parts so that it is written as a traversal's tokens, never as text.
type Ref []string

// Dot returns r extended by one attribute, never sharing r's backing array.
func (r Ref) Dot(part string) Ref { return append(r[:len(r):len(r)], part) }

// Tokens is the reference as an expression.
func (r Ref) Tokens() hclwrite.Tokens {
	if len(r) == 0 {
		return nil
	}
	slab := tokenSlab{free: make([]hclwrite.Token, 2*len(r)-1)}
	toks := make(hclwrite.Tokens, 0, 2*len(r)-1)
	for i, part := range r {
		if i > 0 {
			toks = append(toks, slab.next(hclsyntax.TokenDot, dot))
		}
		toks = append(toks, slab.ident(part))
	}
	return toks
}

// Address is the resource address "type.name" of a two-part reference.
func (r Ref) Address() string { return strings.Join(r, ".") }

// Literal is a quoted, escaped string.
//
// A plain string (printable ASCII that needs no escape) becomes its three
// tokens directly: hclwrite would first normalise it to NFC through cty and
// then escape it byte by byte, both no-ops on such a string, at a tenth of a
// generate's time. Anything else goes through hclwrite; FuzzLiteral holds
// the two to the same bytes.
func Literal(s string) hclwrite.Tokens {
	if !plain(s) {
		return hclwrite.TokensForValue(cty.StringVal(s))
	}
	slab := tokenSlab{free: make([]hclwrite.Token, 3)}
	return slab.literal(make(hclwrite.Tokens, 0, 3), s)
}

// plain reports whether s is printable ASCII holding nothing an HCL quoted
// string escapes: no quote, no backslash, no "${" or "%{" introducer.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < ' ' || c > '~' || c == '"' || c == '\\':
			return false
		case (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{':
			return false
		}
	}
	return true
}

// SetString writes a string attribute.
func SetString(b *Body, name, value string) { b.SetAttributeRaw(name, Literal(value)) }

// SetBool writes a boolean attribute.
func SetBool(b *Body, name string, value bool) { b.SetAttributeRaw(name, Bool(value)) }

// SetNumber writes a whole-number attribute.
func SetNumber(b *Body, name string, n int64) { b.SetAttributeRaw(name, Number(n)) }

// The expressions below are tokens as hclwrite's TokensFor… functions make
// them, without the formatting those do: the file's own formatting (format)
// sets every token's spacing when it is written, and hclwrite's would count
// columns with a 4 KiB scanner per token (see format.go). TestTokens holds
// them to hclwrite's tokens.

func token(typ hclsyntax.TokenType, text string) *hclwrite.Token {
	return &hclwrite.Token{Type: typ, Bytes: []byte(text)}
}

// Bool is true or false.
func Bool(v bool) hclwrite.Tokens {
	return hclwrite.Tokens{token(hclsyntax.TokenIdent, strconv.FormatBool(v))}
}

// Number is a whole number.
func Number(n int64) hclwrite.Tokens {
	return hclwrite.Tokens{token(hclsyntax.TokenNumberLit, strconv.FormatInt(n, 10))}
}

// Null is null.
func Null() hclwrite.Tokens { return hclwrite.Tokens{token(hclsyntax.TokenIdent, "null")} }

// Tuple is [elems…].
func Tuple(elems []hclwrite.Tokens) hclwrite.Tokens {
	n := 2
	for _, e := range elems {
		n += len(e) + 1
	}
	toks := append(make(hclwrite.Tokens, 0, n), token(hclsyntax.TokenOBrack, "["))
	for i, e := range elems {
		if i > 0 {
			toks = append(toks, token(hclsyntax.TokenComma, ","))
		}
		toks = append(toks, e...)
	}
	return append(toks, token(hclsyntax.TokenCBrack, "]"))
}

// objectOf is an object of the given keys and values, one per line.
func objectOf(attrs []hclwrite.ObjectAttrTokens) hclwrite.Tokens {
	n := 3
	for _, a := range attrs {
		n += len(a.Name) + len(a.Value) + 2
	}
	toks := append(make(hclwrite.Tokens, 0, n), token(hclsyntax.TokenOBrace, "{"))
	if len(attrs) > 0 {
		toks = append(toks, token(hclsyntax.TokenNewline, "\n"))
	}
	for _, a := range attrs {
		toks = append(toks, a.Name...)
		toks = append(toks, token(hclsyntax.TokenEqual, "="))
		toks = append(toks, a.Value...)
		toks = append(toks, token(hclsyntax.TokenNewline, "\n"))
	}
	return append(toks, token(hclsyntax.TokenCBrace, "}"))
}

// SetRef writes an attribute whose value is a reference.
func SetRef(b *Body, name string, r Ref) { b.SetAttributeRaw(name, r.Tokens()) }

// SetStrings writes a list of string literals ([] when there are none).
func SetStrings(b *Body, name string, values []string) {
	b.SetAttributeRaw(name, Strings(values))
}

// SetRaws writes a list of expressions (references or escaped literals).
func SetRaws(b *Body, name string, elems ...hclwrite.Tokens) {
	b.SetAttributeRaw(name, Tuple(elems))
}

// StringMap is an HCL object of strings with every key quoted: hclwrite
// writes identifier-like keys bare, and a bare key such as "for" or "if"
// then parses as an expression, not a name.
func StringMap(m map[string]string) hclwrite.Tokens {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	attrs := make([]hclwrite.ObjectAttrTokens, len(keys))
	for i, k := range keys {
		attrs[i] = hclwrite.ObjectAttrTokens{Name: Literal(k), Value: Literal(m[k])}
	}
	return objectOf(attrs)
}

// Object is an HCL object of identifier keys in the given order.
func Object(pairs ...ObjectAttr) hclwrite.Tokens {
	attrs := make([]hclwrite.ObjectAttrTokens, len(pairs))
	for i, p := range pairs {
		attrs[i] = hclwrite.ObjectAttrTokens{Name: hclwrite.TokensForIdentifier(p.Name), Value: p.Value}
	}
	return objectOf(attrs)
}

// ObjectAttr is one key of Object.
type ObjectAttr struct {
	Name  string
	Value hclwrite.Tokens
}

// Plus is a + b.
func Plus(a, b hclwrite.Tokens) hclwrite.Tokens {
	toks := append(make(hclwrite.Tokens, 0, len(a)+len(b)+1), a...)
	toks = append(toks, token(hclsyntax.TokenPlus, "+"))
	return append(toks, b...)
}

// Format is format("PATTERN", ARGS...): a name built from names the user's
// configuration holds, as an expression rather than a guessed literal.
func Format(pattern string, args ...hclwrite.Tokens) hclwrite.Tokens {
	return Call("format", append([]hclwrite.Tokens{Literal(pattern)}, args...)...)
}

// Nested appends a nested block after a blank line, the layout terraform
// fmt leaves alone and reviewers expect.
func Nested(b *Body, typ string) *Body {
	b.AppendNewline()
	return b.AppendNewBlock(typ, nil).Body()
}

// IgnoreChanges adds attributes to a resource's lifecycle { ignore_changes },
// creating the block, or extending the list it already holds.
func IgnoreChanges(b *Body, names ...string) {
	elems := make([]hclwrite.Tokens, len(names))
	for i, n := range names {
		elems[i] = hclwrite.TokensForIdentifier(n)
	}
	addIgnoreChanges(b, elems)
}

// IgnoreTagChanges adds tags["name"] for each name to the lifecycle
// { ignore_changes } of every resource in f that sets tags: tags that
// something else (Azure Policy) writes are then left alone.
func IgnoreTagChanges(f *File, names []string) {
	if len(names) == 0 {
		return
	}
	for _, blk := range f.Body().Blocks() {
		if _, tags := blk.Body().Attribute("tags"); tags && blk.Type() == "resource" {
			// Tokens of their own per resource: hclwrite sets the spacing
			// of a token where it stands, so shared tokens would take the
			// spacing of their last place.
			elems := make([]hclwrite.Tokens, len(names))
			for i, n := range names {
				elems[i] = append(Ref{"tags"}.Tokens(), bracketed(Literal(n))...)
			}
			addIgnoreChanges(blk.Body(), elems)
		}
	}
}

func addIgnoreChanges(b *Body, elems []hclwrite.Tokens) {
	var lifecycle *Body
	if blk := b.FirstBlock("lifecycle"); blk != nil {
		lifecycle = blk.Body()
	} else {
		lifecycle = Nested(b, "lifecycle")
	}
	var all []hclwrite.Tokens
	if expr, ok := lifecycle.Attribute("ignore_changes"); ok {
		all = tupleElements(expr)
	}
	lifecycle.SetAttributeRaw("ignore_changes", Tuple(append(all, elems...)))
}

// tupleElements splits the tokens of a tuple expression [a, b["x"]] into
// its elements' tokens.
func tupleElements(tokens hclwrite.Tokens) []hclwrite.Tokens {
	var elems []hclwrite.Tokens
	var cur hclwrite.Tokens
	depth := 0
	for _, t := range tokens {
		switch t.Type {
		case hclsyntax.TokenNewline:
			continue
		case hclsyntax.TokenOBrack, hclsyntax.TokenOParen, hclsyntax.TokenOBrace:
			depth++
			if depth == 1 {
				continue
			}
		case hclsyntax.TokenCBrack, hclsyntax.TokenCParen, hclsyntax.TokenCBrace:
			depth--
			if depth == 0 {
				continue
			}
		case hclsyntax.TokenComma:
			if depth == 1 {
				elems, cur = append(elems, cur), nil
				continue
			}
		}
		cur = append(cur, t)
	}
	if len(cur) > 0 {
		elems = append(elems, cur)
	}
	return elems
}

// File is one generated Terraform file under construction.
type File struct {
	name string
	body Body
}

// Header is the type and labels of a top-level block.
type Header struct {
	Type   string
	Labels []string
}

// NewFile starts an empty file called name.
func NewFile(name string) *File { return &File{name: name} }

// Name is the file's name.
func (h *File) Name() string { return h.name }

// Body is the file's top-level body.
func (h *File) Body() *Body { return &h.body }

// Block appends a labelled block, separated from the previous one by a blank
// line.
func (h *File) Block(typ string, labels ...string) *Body {
	if slices.ContainsFunc(h.body.items, func(it item) bool { return it.block != nil }) {
		h.body.AppendNewline()
	}
	return h.body.AppendNewBlock(typ, labels).Body()
}

// Blocks lists the file's top-level blocks, in order.
func (h *File) Blocks() []Header {
	var headers []Header
	for _, b := range h.body.Blocks() {
		headers = append(headers, Header{b.typ, b.labels})
	}
	return headers
}

// Resource appends a resource block at the reference's address.
func (h *File) Resource(addr Ref) *Body { return h.Block("resource", addr...) }

// Bytes is the file, formatted, under the header comment.
//
// What the builders write parses by construction, so unlike Finish this
// neither parses nor formats twice; FuzzGenerate checks that it parses, and
// that it is canonical.
func (h *File) Bytes(header string) []byte {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	defer s.release()
	return withHeaderIn(h.body.tokensIn(s), header, s)
}

// Finish parses src (which a template may have rendered), formats it the
// way terraform fmt does, puts "# header" on top and lists the file's
// top-level blocks. Formatting checks nothing, so the parse is what catches
// a template that renders broken HCL.
//
// It lexes src once more for the tokens and makes them hclwrite's as
// hclwrite's own parser does (writerTokens), without the syntax tree
// hclwrite.ParseConfig builds over them, which nothing here needs: that
// tree, and parsing the result again for its blocks, were close to half of
// finishing a rendered versions.tf. FuzzFormat holds the result to
// hclwrite's bytes, and checks that it parses.
func Finish(name string, src []byte, header string) (out []byte, blocks []Header, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, blocks, err = nil, nil, fmt.Errorf("finishing %s: hcl panicked: %v", name, r)
		}
	}()
	f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("rendering %s: %s", name, diags.Error())
	}
	native, diags := hclsyntax.LexConfig(src, name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, nil, fmt.Errorf("rendering %s: %s", name, diags.Error())
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		blocks = append(blocks, Header{b.Type, b.Labels})
	}
	return withHeader(writerTokens(native), header), blocks, nil
}

// withHeader formats tokens (see format) and writes them under
// "# header" and a blank line, with no blank line before or after them.
func withHeader(tokens hclwrite.Tokens, header string) []byte {
	return withHeaderIn(tokens, header, &scratch{})
}

// withHeaderIn is withHeader, formatting in s's memory.
func withHeaderIn(tokens hclwrite.Tokens, header string, s *scratch) []byte {
	s.lines = formatIn(tokens, s.lines)
	size := len(header) + 4
	for _, t := range tokens {
		size += t.SpacesBefore + len(t.Bytes)
	}
	b := make([]byte, 0, size+1) // and the last newline
	b = append(append(append(b, "# "...), header...), "\n\n"...)
	start := len(b)
	// What Tokens.WriteTo writes, without an io.Writer call per token.
	for _, t := range tokens {
		for range t.SpacesBefore {
			b = append(b, ' ')
		}
		b = append(b, t.Bytes...)
	}
	trimmed := bytes.TrimSpace(b[start:])
	n := copy(b[start:], trimmed)
	return append(b[:start+n], '\n')
}

// Index is r[i].attrs…: an attribute of one block of a list of blocks, as
// in Index(Ref{"azurerm_key_vault", "kv", "network_acls"}, 0,
// "default_action") for azurerm_key_vault.kv.network_acls[0].default_action.
func Index(r Ref, i int, attrs ...string) hclwrite.Tokens {
	toks := append(r.Tokens(), bracketed(Number(int64(i)))...)
	for _, a := range attrs {
		toks = append(toks, token(hclsyntax.TokenDot, "."), token(hclsyntax.TokenIdent, a))
	}
	return toks
}

// bracketed is [key], the index step of a traversal.
func bracketed(key hclwrite.Tokens) hclwrite.Tokens {
	toks := append(hclwrite.Tokens{token(hclsyntax.TokenOBrack, "[")}, key...)
	return append(toks, token(hclsyntax.TokenCBrack, "]"))
}

// Splat is list[*].attr: one attribute of every element of a list of
// blocks.
func Splat(list hclwrite.Tokens, attr string) hclwrite.Tokens {
	out := append(hclwrite.Tokens{}, list...)
	return append(out,
		&hclwrite.Token{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")},
		&hclwrite.Token{Type: hclsyntax.TokenStar, Bytes: []byte("*")},
		&hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")},
		&hclwrite.Token{Type: hclsyntax.TokenDot, Bytes: []byte(".")},
		&hclwrite.Token{Type: hclsyntax.TokenIdent, Bytes: []byte(attr)},
	)
}

// Equal is the condition a == b.
func Equal(a, b hclwrite.Tokens) hclwrite.Tokens {
	out := append(hclwrite.Tokens{}, a...)
	out = append(out, &hclwrite.Token{Type: hclsyntax.TokenEqualOp, Bytes: []byte("==")})
	return append(out, b...)
}

// Strings is a tuple of string literals: ["a", "b"].
func Strings(values []string) hclwrite.Tokens {
	elems := make([]hclwrite.Tokens, len(values))
	for i, v := range values {
		elems[i] = Literal(v)
	}
	return Tuple(elems)
}

// Call is name(args…).
func Call(name string, args ...hclwrite.Tokens) hclwrite.Tokens {
	n := 3
	for _, a := range args {
		n += len(a) + 1
	}
	toks := append(make(hclwrite.Tokens, 0, n), token(hclsyntax.TokenIdent, name), token(hclsyntax.TokenOParen, "("))
	for i, a := range args {
		if i > 0 {
			toks = append(toks, token(hclsyntax.TokenComma, ","))
		}
		toks = append(toks, a...)
	}
	return append(toks, token(hclsyntax.TokenCParen, ")"))
}
