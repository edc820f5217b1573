package hclgen

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// IgnoreTagChanges adds tags["name"] to every resource that sets tags,
// extending an ignore_changes list already there, and leaves the rest alone.
func TestIgnoreTagChanges(t *testing.T) {
	f := NewFile("main.tf")
	a := f.Resource(Ref{"azurerm_mysql_flexible_server", "a"})
	SetString(a, "name", "a")
	SetRef(a, "tags", Ref{"var", "tags"})
	IgnoreChanges(a, "zone")
	b := f.Resource(Ref{"azurerm_storage_account", "b"})
	SetRef(b, "tags", Ref{"var", "tags"})
	c := f.Resource(Ref{"azurerm_subnet", "c"})
	SetString(c, "name", "c")
	IgnoreTagChanges(f, []string{"createdOn", `say "${hi}"`})
	got := f.Bytes("h")
	want := `# h

resource "azurerm_mysql_flexible_server" "a" {
  name = "a"
  tags = var.tags

  lifecycle {
    ignore_changes = [zone, tags["createdOn"], tags["say \"$${hi}\""]]
  }
}

resource "azurerm_storage_account" "b" {
  tags = var.tags

  lifecycle {
    ignore_changes = [tags["createdOn"], tags["say \"$${hi}\""]]
  }
}

resource "azurerm_subnet" "c" {
  name = "c"
}
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// literalSeeds are strings at the edges of Literal's fast path: empty,
// template introducers with and without their brace, escapes, control
// characters, non-ASCII text that NFC changes, and the printable extremes.
var literalSeeds = []string{
	"", " ", "~", "stordersprod01", "rg-orders-westeurope",
	"$", "%", "${var.x}", "%{ if x }", "$${", "a$", "100%", "$ {", "{",
	`"`, `\`, `a\nb`, "a\nb", "tab\there", "\x7f", "\x00",
	"e\u0301", "é", "日本", "\u200b", "\xff",
}

// FuzzLiteral holds Literal's fast path to hclwrite's own output for the
// same string: the same bytes, every string.
func FuzzLiteral(f *testing.F) {
	for _, s := range literalSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := string(Literal(s).Bytes())
		want := string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
		if got != want {
			t.Errorf("Literal(%q) = %s, hclwrite writes %s", s, got, want)
		}
	})
}

// TestStringsAsList: a list of string literals is written as hclwrite
// writes the cty list of the same strings, and [] when empty.
func TestStringsAsList(t *testing.T) {
	for _, values := range [][]string{nil, {"a"}, literalSeeds} {
		f := NewFile("x.tf")
		SetStrings(f.Body(), "x", values)
		want := hclwrite.NewEmptyFile()
		if len(values) == 0 {
			want.Body().SetAttributeValue("x", cty.ListValEmpty(cty.String))
		} else {
			vals := make([]cty.Value, len(values))
			for i, v := range values {
				vals[i] = cty.StringVal(v)
			}
			want.Body().SetAttributeValue("x", cty.ListVal(vals))
		}
		if got, want := string(f.Bytes("h")), "# h\n\n"+string(hclwrite.Format(want.Bytes())); got != want {
			t.Errorf("SetStrings(%q):\n%s\nhclwrite writes:\n%s", values, got, want)
		}
	}
}

// TestTokens: the expressions hclgen makes without formatting are, token
// for token, what hclwrite's TokensFor… functions make (whose spacing the
// file's formatting sets anyway).
func TestTokens(t *testing.T) {
	ref := Ref{"azurerm_private_endpoint", "blob", "private_service_connection"}
	obj := []hclwrite.ObjectAttrTokens{
		{Name: hclwrite.TokensForIdentifier("a"), Value: hclwrite.TokensForValue(cty.True)},
		{Name: hclwrite.TokensForValue(cty.StringVal("for")), Value: hclwrite.TokensForValue(cty.StringVal("x"))},
	}
	for _, c := range []struct {
		name      string
		got, want hclwrite.Tokens
	}{
		{"Bool", Bool(false), hclwrite.TokensForValue(cty.False)},
		{"Number", Number(-32768), hclwrite.TokensForValue(cty.NumberIntVal(-32768))},
		{"Null", Null(), hclwrite.TokensForValue(cty.NullVal(cty.String))},
		{"Ref", ref.Tokens(), hclwrite.TokensForTraversal(traversal(ref))},
		{"Index", Index(ref, 3, "private_ip_address"), hclwrite.TokensForTraversal(append(traversal(ref),
			hcl.TraverseIndex{Key: cty.NumberIntVal(3)}, hcl.TraverseAttr{Name: "private_ip_address"}))},
		{"Tuple", Tuple([]hclwrite.Tokens{Literal("a"), ref.Tokens()}), hclwrite.TokensForTuple([]hclwrite.Tokens{Literal("a"), ref.Tokens()})},
		{"empty Tuple", Tuple(nil), hclwrite.TokensForTuple(nil)},
		{"Object", objectOf(obj), hclwrite.TokensForObject(obj)},
		{"empty Object", Object(), hclwrite.TokensForObject(nil)},
		{"StringMap", StringMap(map[string]string{"b": "2", "a": "1"}), hclwrite.TokensForObject([]hclwrite.ObjectAttrTokens{
			{Name: Literal("a"), Value: Literal("1")}, {Name: Literal("b"), Value: Literal("2")}})},
		{"Call", Call("try", Number(1), Null()), hclwrite.TokensForFunctionCall("try", Number(1), Null())},
		{"Call of nothing", Call("timestamp"), hclwrite.TokensForFunctionCall("timestamp")},
	} {
		if diff := cmp.Diff(tokenText(c.want), tokenText(c.got)); diff != "" {
			t.Errorf("%s (-hclwrite +hclgen):\n%s", c.name, diff)
		}
	}
}

// traversal is r as hcl parts, as hclwrite takes references.
func traversal(r Ref) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: r[0]}}
	for _, part := range r[1:] {
		t = append(t, hcl.TraverseAttr{Name: part})
	}
	return t
}

// tokenText lists each token's type and bytes, not its spacing.
func tokenText(toks hclwrite.Tokens) []string {
	out := make([]string, len(toks))
	for i, tok := range toks {
		out[i] = tok.Type.String() + " " + string(tok.Bytes)
	}
	return out
}
