package hclgen

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// builder is what the builders do to a body, on hclgen's Body or hclwrite's.
type builder interface {
	set(name string, expr hclwrite.Tokens)
	block(typ string, labels ...string) builder
	newline()
	raw(toks hclwrite.Tokens)
}

type genBody struct{ b *Body }

func (g genBody) set(name string, expr hclwrite.Tokens) { g.b.SetAttributeRaw(name, expr) }
func (g genBody) block(typ string, labels ...string) builder {
	return genBody{g.b.AppendNewBlock(typ, labels).Body()}
}
func (g genBody) newline()                 { g.b.AppendNewline() }
func (g genBody) raw(toks hclwrite.Tokens) { g.b.AppendUnstructuredTokens(toks) }

type writeBody struct{ b *hclwrite.Body }

func (w writeBody) set(name string, expr hclwrite.Tokens) { w.b.SetAttributeRaw(name, expr) }
func (w writeBody) block(typ string, labels ...string) builder {
	return writeBody{w.b.AppendNewBlock(typ, labels).Body()}
}
func (w writeBody) newline()                 { w.b.AppendNewline() }
func (w writeBody) raw(toks hclwrite.Tokens) { w.b.AppendUnstructuredTokens(toks) }

// TestBodyTokens: a Body builds, token for token, what hclwrite's Body
// builds for the same calls: attributes, an attribute set again (in its
// place), labelled, unlabelled and nested blocks, labels that need escapes
// or are empty, blank lines and comments.
func TestBodyTokens(t *testing.T) {
	build := func(root builder) {
		root.raw(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# top\n")}})
		root.newline()
		r := root.block("resource", "azurerm_storage_account", "data")
		r.set("name", Literal("st"))
		r.set("tags", Ref{"var", "tags"}.Tokens())
		r.set("name", Literal("renamed"))
		r.newline()
		n := r.block("network_rules")
		n.set("default_action", Literal("Deny"))
		n.set("ip_rules", Tuple(nil))
		n.block("private_link_access").set("endpoint_resource_id", Null())
		r.block("lifecycle").set("ignore_changes", Tuple([]hclwrite.Tokens{Ref{"tags"}.Tokens()}))
		root.newline()
		root.block("weird", `a "quoted" ${label}`, "", "日本")
		root.block("empty")
	}
	got := genBody{&Body{}}
	want := writeBody{hclwrite.NewEmptyFile().Body()}
	build(got)
	build(want)
	if diff := cmp.Diff(tokenText(want.b.BuildTokens(nil)), tokenText(got.b.Tokens())); diff != "" {
		t.Errorf("(-hclwrite +hclgen):\n%s", diff)
	}
}

// TestSlab: tokens from one slab are distinct, past a slab's end too.
func TestSlab(t *testing.T) {
	var s tokenSlab
	seen := map[*hclwrite.Token]bool{}
	for i := range 600 {
		tok := s.ident("x")
		if seen[tok] {
			t.Fatalf("token %d handed out twice", i)
		}
		seen[tok] = true
	}
}

// TestBytesReusesScratch: File.Bytes writes in memory kept from the file
// before (scratchPool); every file, large or small, with comments and
// aligned attributes where the one before had none or others, comes out as
// written in memory of its own.
func TestBytesReusesScratch(t *testing.T) {
	file := func(attrs int, comment bool) *File {
		f := NewFile("f.tf")
		if comment {
			f.Body().AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# a comment\n")}})
		}
		b := f.Resource(Ref{"azurerm_resource_group", "rg"})
		for i := range attrs {
			name := strings.Repeat("n", i%7+1)
			b.SetAttributeRaw(name+strconv.Itoa(i), Literal(strings.Repeat("v", i)))
			if comment && i%3 == 0 {
				b.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte("# between\n")}})
			}
		}
		b.AppendNewBlock("lifecycle", nil).Body().SetAttributeRaw("prevent_destroy", Bool(true))
		return f
	}
	files := []*File{file(40, true), file(3, false), file(12, true), file(1, false), file(60, false), file(5, true)}
	for range 3 {
		for i, f := range files {
			if got, want := f.Bytes("h"), withHeader(f.body.Tokens(), "h"); !bytes.Equal(got, want) {
				t.Fatalf("file %d:\n%s\nwant\n%s", i, got, want)
			}
		}
	}
}
