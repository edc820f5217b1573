package hclgen

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// formatSeeds are layouts at the edges of format's column counting and
// spacing: alignment across lines whose names are not ASCII or hold
// control bytes, CRLF line ends, trailing comments beside assignments,
// heredocs, for expressions, negation and template interpolation.
var formatSeeds = []string{
	"a = 1\nbb = 2\nccc = 3\n",
	"a = 1 # one\nbbbb = 2 # two\n\n\nc = 3 // three\n",
	"\"é\" = 1\nab = 2\n",
	"x = { \"日本\" = 1, b = 2 }\n",
	"m = {\n  \"e\u0301\" = 1\n  ab = 2\n  \"\U0001F600\" = 3\n}\n",
	"a = \"e\u0301\" # c\nbb = 1 # d\n",
	"a = 1\r\nbb = 2\r\n",
	"a = 1 # x\r\nbb = 2 # y\r\n",
	"b {\n  c = 1\n  dd = [for x in [1, 2]: -x]\n}\n",
	"h = <<EOT\n  hi ${a}\nEOT\nab = 1\n",
	"t = \"${ {a = 1} }\"\nu = 1 - -2\nv = !true\nw = f(a...)\n",
	"resource \"x\" \"y\" {\n  a   = 1\n  bcd = 2\n\n  dynamic \"z\" {\n    for_each = var.z\n    content {}\n  }\n}\n",
	"a = [\n  1,\n  2,\n]\nbb = {\n}\n",
	"x = provider::azurerm::parse_resource_id(a)\n",
	"a = 1 /* block */\nbb = 2\n",
	// A control byte in a token before "=" or a comment: one column in
	// hclwrite's count, not one per byte ("\r\n" is one cluster).
	"a /*\r\n*/ = 1\nbb = 2\n",
	"a = 1 /*\r\n*/ # c\nbb = 2 # d\n",
	"",
}

// FuzzFormat holds format to hclwrite's own formatting: any input hclwrite
// parses comes out with the same bytes from both. Seeds: formatSeeds and
// every Terraform file under examples and the migration fixtures.
func FuzzFormat(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add([]byte(s))
	}
	for _, root := range []string{"../../../examples", "../../migrate/testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
				return err
			}
			src, err := os.ReadFile(path)
			f.Add(src)
			return err
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		want, diags := hclwrite.ParseConfig(src, "f.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		// A parse of its own: formatting rewrites the tokens in place.
		parsed, _ := hclwrite.ParseConfig(src, "f.tf", hcl.InitialPos)
		tokens := parsed.BuildTokens(nil)
		format(tokens)
		if got, want := string(tokens.Bytes()), string(want.Bytes()); got != want {
			t.Errorf("format of %q:\n%s\nhclwrite writes:\n%s", src, got, want)
		}
		// And Finish writes those bytes, trimmed, under the header, which
		// parse, with the blocks it lists.
		finished, blocks, err := Finish("f.tf", src, "h")
		if wantFile := "# h\n\n" + strings.TrimSpace(string(want.Bytes())) + "\n"; err != nil || string(finished) != wantFile {
			t.Errorf("Finish of %q: %v\n%s\nwant:\n%s", src, err, finished, wantFile)
		}
		reparsed, diags := hclsyntax.ParseConfig(finished, "f.tf", hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("Finish of %q writes what does not parse: %s\n%s", src, diags.Error(), finished)
		}
		var wantBlocks []Header
		for _, b := range reparsed.Body.(*hclsyntax.Body).Blocks {
			wantBlocks = append(wantBlocks, Header{b.Type, b.Labels})
		}
		if !slices.EqualFunc(blocks, wantBlocks, func(x, y Header) bool { return x.Type == y.Type && slices.Equal(x.Labels, y.Labels) }) {
			t.Errorf("Finish of %q lists blocks %v; what it writes holds %v", src, blocks, wantBlocks)
		}
	})
}

// TestColumns: columns counts what hclwrite's Tokens.Columns counts, for
// tokens at the edges of its fast path: printable ASCII, control bytes
// (CR LF is one cluster), DEL, combining marks, emoji sequences and bytes
// that are not UTF-8.
func TestColumns(t *testing.T) {
	for _, text := range []string{"", "a", "~ ", "resource_group_name", "\t", "\r\n", "a\r\nb", "\x00", "\x7f",
		"e\u0301", "é", "日本", "👩‍👩‍👧", "🇪🇺", "\u200d", "\xff\xfe", "a\xffb"} {
		toks := hclwrite.Tokens{{Type: hclsyntax.TokenIdent, Bytes: []byte(text), SpacesBefore: 2}, {Type: hclsyntax.TokenIdent, Bytes: []byte("x")}}
		if got, want := columns(toks), toks.Columns(); got != want {
			t.Errorf("%q: %d columns, hclwrite counts %d", text, got, want)
		}
	}
}
