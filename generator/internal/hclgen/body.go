package hclgen

import (
	"slices"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Body is the body of a generated file or block under construction: its
// attributes, nested blocks and raw tokens, in order. Its tokens are
// hclwrite.Body's for the same calls, token for token (TestBodyTokens), but
// it keeps no hclwrite syntax tree: hclwrite makes a node, a node set and
// two comment placeholders for every attribute and block, two thirds of what
// a generate allocated, for look-ups that only ignore_changes merging makes.
type Body struct {
	items []item
}

// item is an attribute (name set), a nested block (block set) or raw tokens.
type item struct {
	name  string
	expr  hclwrite.Tokens
	block *Block
}

// Block is a nested block: its type, labels and body.
type Block struct {
	typ    string
	labels []string
	body   Body
}

// Body is the block's body.
func (b *Block) Body() *Body { return &b.body }

// Type is the block's type, such as "resource".
func (b *Block) Type() string { return b.typ }

// Labels are the block's labels.
func (b *Block) Labels() []string { return b.labels }

// SetAttributeRaw sets the attribute name to the expression expr, where it
// stands if the body has it, else at the end. The tokens are used as given:
// each is written once, since formatting sets its spacing where it stands.
func (b *Body) SetAttributeRaw(name string, expr hclwrite.Tokens) {
	for i := range b.items {
		if b.items[i].block == nil && b.items[i].name == name {
			b.items[i].expr = expr
			return
		}
	}
	b.items = append(b.items, item{name: name, expr: expr})
}

// Attribute is the expression of the attribute name; false when the body
// has none.
func (b *Body) Attribute(name string) (hclwrite.Tokens, bool) {
	for _, it := range b.items {
		if it.block == nil && it.name == name {
			return it.expr, true
		}
	}
	return nil, false
}

// AppendNewBlock appends a block of the type and labels (copied) and
// returns it.
func (b *Body) AppendNewBlock(typ string, labels []string) *Block {
	blk := &Block{typ: typ, labels: slices.Clone(labels)}
	b.items = append(b.items, item{block: blk})
	return blk
}

// AppendNewline appends a blank line.
func (b *Body) AppendNewline() {
	b.AppendUnstructuredTokens(hclwrite.Tokens{token(hclsyntax.TokenNewline, "\n")})
}

// AppendUnstructuredTokens appends tokens as they are, such as a comment.
func (b *Body) AppendUnstructuredTokens(toks hclwrite.Tokens) {
	b.items = append(b.items, item{expr: toks})
}

// Blocks are the body's nested blocks, in order.
func (b *Body) Blocks() []*Block {
	var blocks []*Block
	for _, it := range b.items {
		if it.block != nil {
			blocks = append(blocks, it.block)
		}
	}
	return blocks
}

// FirstBlock is the first unlabelled block of the type, or nil.
func (b *Body) FirstBlock(typ string) *Block {
	for _, it := range b.items {
		if it.block != nil && it.block.typ == typ && len(it.block.labels) == 0 {
			return it.block
		}
	}
	return nil
}

// tokens appends the body's tokens to to, as hclwrite builds them: an
// attribute is its name, "=", its expression and a newline; a block its
// type, its labels as quoted strings, "{", a newline, its body, "}" and a
// newline. The tokens made here come from one slab.
func (b *Body) tokens(to hclwrite.Tokens, slab *tokenSlab) hclwrite.Tokens {
	for _, it := range b.items {
		switch {
		case it.block != nil:
			to = append(to, slab.ident(it.block.typ))
			for _, l := range it.block.labels {
				to = append(to, Literal(l)...)
			}
			to = append(to, slab.next(hclsyntax.TokenOBrace, openBrace), slab.next(hclsyntax.TokenNewline, newline))
			to = it.block.body.tokens(to, slab)
			to = append(to, slab.next(hclsyntax.TokenCBrace, closeBrace), slab.next(hclsyntax.TokenNewline, newline))
		case it.name != "":
			to = append(to, slab.ident(it.name), slab.next(hclsyntax.TokenEqual, equals))
			to = append(to, it.expr...)
			to = append(to, slab.next(hclsyntax.TokenNewline, newline))
		default:
			to = append(to, it.expr...)
		}
	}
	return to
}

// The bytes of punctuation tokens, shared: formatting sets a token's
// spacing and never changes its bytes.
var (
	openBrace  = []byte{'{'}
	closeBrace = []byte{'}'}
	equals     = []byte{'='}
	newline    = []byte{'\n'}
)

// tokenSlab hands out tokens from blocks of many, one allocation per block
// instead of one per token.
type tokenSlab struct{ free []hclwrite.Token }

func (s *tokenSlab) next(typ hclsyntax.TokenType, b []byte) *hclwrite.Token {
	if len(s.free) == 0 {
		s.free = make([]hclwrite.Token, 256)
	}
	t := &s.free[0]
	s.free = s.free[1:]
	t.Type, t.Bytes = typ, b
	return t
}

func (s *tokenSlab) ident(name string) *hclwrite.Token {
	return s.next(hclsyntax.TokenIdent, []byte(name))
}
