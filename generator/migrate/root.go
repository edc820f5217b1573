// Package migrate holds the phases of moving a workload from service
// endpoints to private endpoints (manifest.Phases): the order they must be
// applied in and what to check after each, as pure checks over the planned
// changes of a generated module; and Run, which migrates a hand-written
// Terraform root module in place. Run edits the user's files with hclwrite,
// so every comment, blank line and unrelated block stays as it was; new
// resources go into one generated file, built by the same private-link
// builder as generate (internal/azurerm). What it cannot map safely stops
// the run with a diagnostic naming the file and line, before anything is
// written.
package migrate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// GeneratedFile is the file the add phase writes: the private endpoints,
// zones and links, with endpointgen's header.
const GeneratedFile = "endpointgen_private_endpoints.tf"

// problem is something in the root module the migration cannot map safely,
// at rng: what is wrong, and what to do about it.
func problem(rng hcl.Range, what, do string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: what, Detail: capitalize(do) + ".", Subject: &rng}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// file is one .tf file of the root, parsed twice: hclwrite to edit it
// without losing a byte of layout, hclsyntax to read its expressions.
type file struct {
	name      string // base name
	src       []byte
	w         *hclwrite.File
	s         *hclsyntax.Body
	canonical bool // terraform fmt leaves src as it is
	changed   bool
}

// block is one top-level block, in both parses.
type block struct {
	f *file
	w *hclwrite.Block
	s *hclsyntax.Block
}

func (b block) address() string { return strings.Join(b.s.Labels, ".") }

type root struct {
	dir       string
	files     []*file
	resources map[string]block // "type.name" → block
	data      map[string]block // "data.type.name" → block
	providers []block          // provider "azurerm" blocks
	major     azurerm.Major
}

// load reads every .tf file directly in dir.
func load(dir string) (*root, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s holds no .tf files: give --dir the root module's directory", dir)
	}
	sort.Strings(paths)
	r := &root{dir: dir, resources: map[string]block{}, data: map[string]block{}}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		f, err := parse(p, src)
		if err != nil {
			return nil, err
		}
		r.files = append(r.files, f)
		wb, sb := f.w.Body().Blocks(), f.s.Blocks
		for i := range sb {
			b := block{f, wb[i], sb[i]}
			switch {
			case sb[i].Type == "resource" && len(sb[i].Labels) == 2:
				r.resources[b.address()] = b
			case sb[i].Type == "data" && len(sb[i].Labels) == 2:
				r.data["data."+b.address()] = b
			case sb[i].Type == "provider" && len(sb[i].Labels) == 1 && sb[i].Labels[0] == "azurerm":
				r.providers = append(r.providers, b)
			}
		}
	}
	name, err := r.providerMajor()
	if err != nil {
		return nil, err
	}
	if r.major, err = azurerm.ParseMajor(name); err != nil {
		return nil, err
	}
	return r, nil
}

// parse reads a file with both parsers; hclwrite is protected against
// panics on text it does not expect.
func parse(path string, src []byte) (f *file, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parsing %s: %v", path, p)
		}
	}()
	s, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parsing %s: %s", path, diags.Error())
	}
	w, diags := hclwrite.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, fmt.Errorf("parsing %s: %s", path, diags.Error())
	}
	return &file{
		name:      filepath.Base(path),
		src:       src,
		w:         w,
		s:         s.Body.(*hclsyntax.Body),
		canonical: bytes.Equal(hclwrite.Format(src), src),
	}, nil
}

// knownReleases are azurerm releases whose schemas endpointgen knows, newest
// first; a version constraint picks the newest it admits.
var knownReleases = []struct{ version, major string }{{"5.2.0", "5"}, {"4.81.0", "4"}, {"4.0.0", "4"}}

// providerMajor reads the azurerm major from the version constraint in
// required_providers, or else from the subnet syntax in use; azurerm 4 when
// nothing says. A constraint it cannot read, or one that admits neither
// major, is an error.
func (r *root) providerMajor() (string, error) {
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type != "terraform" {
				continue
			}
			for _, rp := range b.Body.Blocks {
				if rp.Type != "required_providers" || rp.Body.Attributes["azurerm"] == nil {
					continue
				}
				a := rp.Body.Attributes["azurerm"]
				v, diags := a.Expr.Value(nil)
				if diags.HasErrors() || !v.Type().IsObjectType() || !v.Type().HasAttribute("version") ||
					!v.GetAttr("version").Type().Equals(cty.String) || v.GetAttr("version").IsNull() {
					continue
				}
				c, err := version.NewConstraint(v.GetAttr("version").AsString())
				if err != nil {
					return "", hcl.Diagnostics{problem(a.SrcRange, "the azurerm version constraint does not parse: "+err.Error(), "write one such as \"~> 4.81\"")}
				}
				for _, rel := range knownReleases {
					if c.Check(version.Must(version.NewVersion(rel.version))) {
						return rel.major, nil
					}
				}
				return "", hcl.Diagnostics{problem(a.SrcRange, "the azurerm version constraint admits neither azurerm 4 nor 5", "endpointgen writes azurerm 4 or 5 syntax; upgrade the provider first")}
			}
		}
	}
	for _, b := range r.resources {
		if b.s.Labels[0] == "azurerm_subnet" && len(blocksOf(b.s.Body, "service_endpoint")) > 0 {
			return "5", nil
		}
	}
	return "4", nil
}

func blocksOf(body *hclsyntax.Body, typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range body.Blocks {
		if b.Type == typ {
			out = append(out, b)
		}
	}
	return out
}

// reference reads an expression that must be a reference to a resource
// attribute (azurerm_subnet.app.id) and returns "type.name" and the
// attribute; ok is false for anything else.
func reference(e hclsyntax.Expression) (addr, attr string, ok bool) {
	st, isTraversal := e.(*hclsyntax.ScopeTraversalExpr)
	if !isTraversal || len(st.Traversal) != 3 {
		return "", "", false
	}
	rootName := st.Traversal.RootName()
	name, ok1 := st.Traversal[1].(hcl.TraverseAttr)
	a, ok2 := st.Traversal[2].(hcl.TraverseAttr)
	if !ok1 || !ok2 {
		return "", "", false
	}
	return rootName + "." + name.Name, a.Name, true
}

// exprTokens copies an attribute's expression, to reuse it elsewhere.
func exprTokens(b *hclwrite.Body, name string) hclwrite.Tokens {
	a := b.GetAttribute(name)
	if a == nil {
		return nil
	}
	return a.Expr().BuildTokens(nil)
}
