package hclgen

import (
	"slices"
	"sync"

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

// Tokens is the body's tokens as hclwrite builds them: an attribute is its
// name, "=", its expression and a newline; a block its type, its labels as
// quoted strings, "{", a newline, its body, "}" and a newline.
func (b *Body) Tokens() hclwrite.Tokens {
	all, made := b.count()
	slab := tokenSlab{free: make([]hclwrite.Token, made)}
	return b.tokens(make(hclwrite.Tokens, 0, all), &slab)
}

// scratch is what writing a file needs only while it writes: its tokens
// (the list, and the array of those Body makes) and its lines. Kept for
// the next file (scratchPool) rather than allocated for each: at a
// thousand workloads, fresh memory (page faults, cache misses, garbage to
// collect) cost more than filling memory already in use.
type scratch struct {
	tokens hclwrite.Tokens
	made   []hclwrite.Token // the first used of them in use
	used   int
	lines  []formatLine
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// tokensIn is Tokens, made in s's memory: valid until s is used again.
func (b *Body) tokensIn(s *scratch) hclwrite.Tokens {
	all, made := b.count()
	if cap(s.made) < made {
		s.made = make([]hclwrite.Token, made)
	}
	if cap(s.tokens) < all {
		s.tokens = make(hclwrite.Tokens, 0, all)
	}
	s.used = made
	slab := tokenSlab{free: s.made[:made]}
	s.tokens = b.tokens(s.tokens[:0], &slab)
	return s.tokens
}

// release drops what s points to (the expressions' tokens, and through
// them their bytes), so that a scratch kept in the pool keeps nothing
// else alive. Its lines are slices of its tokens' list, cleared here.
func (s *scratch) release() {
	clear(s.tokens)
	clear(s.made[:s.used])
}

// count is how many tokens Tokens returns, and how many of them it makes
// (those not in an expression): the sizes to allocate at once.
func (b *Body) count() (all, made int) {
	for _, it := range b.items {
		switch {
		case it.block != nil:
			a, m := it.block.body.count()
			n := 5 + 3*len(it.block.labels)
			all, made = all+a+n, made+m+n
		case it.name != "":
			all, made = all+len(it.expr)+3, made+3
		default:
			all += len(it.expr)
		}
	}
	return all, made
}

// tokens appends the body's tokens to to, making those it adds itself from
// slab.
func (b *Body) tokens(to hclwrite.Tokens, slab *tokenSlab) hclwrite.Tokens {
	for _, it := range b.items {
		switch {
		case it.block != nil:
			to = append(to, slab.ident(it.block.typ))
			for _, l := range it.block.labels {
				to = slab.literal(to, l)
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
	quote      = []byte{'"'}
	dot        = []byte{'.'}
)

// tokenSlab hands out tokens from one array instead of allocating each,
// and another when it runs out.
type tokenSlab struct{ free []hclwrite.Token }

func (s *tokenSlab) next(typ hclsyntax.TokenType, b []byte) *hclwrite.Token {
	if len(s.free) == 0 {
		s.free = make([]hclwrite.Token, 64)
	}
	t := &s.free[0]
	s.free = s.free[1:]
	*t = hclwrite.Token{Type: typ, Bytes: b}
	return t
}

func (s *tokenSlab) ident(name string) *hclwrite.Token {
	return s.next(hclsyntax.TokenIdent, []byte(name))
}

// literal appends the tokens of Literal(v) to to.
func (s *tokenSlab) literal(to hclwrite.Tokens, v string) hclwrite.Tokens {
	if !plain(v) {
		return append(to, Literal(v)...)
	}
	to = append(to, s.next(hclsyntax.TokenOQuote, quote))
	if v != "" {
		// hclwrite writes no literal token between the quotes of "".
		to = append(to, s.next(hclsyntax.TokenQuotedLit, []byte(v)))
	}
	return append(to, s.next(hclsyntax.TokenCQuote, quote))
}
