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
	"slices"
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

// capitalize starts a sentence with a capital letter, unless it starts
// with a name that must be shown as it is: a file or directory, an
// address, a flag (anything but a plain lower-case word).
func capitalize(s string) string {
	first, _, _ := strings.Cut(s, " ")
	for _, c := range first {
		if c < 'a' || c > 'z' {
			return s
		}
	}
	if first == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// file is one .tf file of the root, parsed twice: hclwrite to edit it
// without losing a byte of layout, hclsyntax to read its expressions.
type file struct {
	name      string // base name
	src       []byte // the text both parses read: no BOM, LF line endings
	w         *hclwrite.File
	s         *hclsyntax.Body
	canonical bool // terraform fmt leaves src as it is
	changed   bool
	// orig is the file as read; bom and crlf say how to write src back so
	// that untouched lines keep every byte and edited lines match them.
	orig []byte
	bom  bool
	crlf bool
}

var utf8BOM = []byte("\xef\xbb\xbf")

// encode writes the file's text back in its own encoding: the BOM it had,
// CRLF line endings if every line ended so.
func (f *file) encode(src []byte) []byte {
	if f.crlf {
		src = bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
	}
	if f.bom {
		src = append(append([]byte{}, utf8BOM...), src...)
	}
	return src
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
	needs     []feature // what the phase writes that not every azurerm 4 has
}

// load reads every .tf file directly in dir. provider is the --provider
// flag: "4", "5" or "" to read the major from the root.
func load(dir, provider string) (*root, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		switch info, err := os.Stat(dir); {
		case os.IsNotExist(err):
			return nil, fmt.Errorf("the directory %s does not exist: give --dir the root module's directory", dir)
		case err == nil && !info.IsDir():
			return nil, fmt.Errorf("--dir %s is a file: give --dir the root module's directory", dir)
		}
		return nil, fmt.Errorf("the directory %s holds no .tf files: give --dir the root module's directory", dir)
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
	name, err := r.providerMajor(provider)
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
func parse(path string, orig []byte) (f *file, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parsing %s: %v", path, p)
		}
	}()
	src, bom := bytes.CutPrefix(orig, utf8BOM)
	crlf := bytes.Contains(src, []byte("\r\n")) && bytes.Count(src, []byte("\r\n")) == bytes.Count(src, []byte("\n"))
	if crlf {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
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
		orig:      orig,
		bom:       bom,
		crlf:      crlf,
	}, nil
}

// lockFile is where terraform init records the provider versions it
// selected (https://developer.hashicorp.com/terraform/language/files/dependency-lock).
const lockFile = ".terraform.lock.hcl"

const azurermLockAddress = "registry.terraform.io/hashicorp/azurerm"

// majors are the azurerm majors endpointgen writes.
var majors = []string{"4", "5"}

// providerMajor picks the azurerm major the root runs with: the version in
// .terraform.lock.hcl, which terraform init selected; else what the
// version constraint in required_providers and the subnet syntax admit.
// flag (--provider) settles a choice they leave open and must agree with
// them otherwise.
func (r *root) providerMajor(flag string) (string, error) {
	if flag != "" && !slices.Contains(majors, flag) {
		return "", fmt.Errorf("--provider %s: endpointgen writes azurerm 4 or 5", flag)
	}
	locked, lockRange, err := r.lockedAzurerm()
	if err != nil {
		return "", err
	}
	if locked != nil {
		major := fmt.Sprint(locked.Segments()[0])
		switch {
		case !slices.Contains(majors, major):
			return "", hcl.Diagnostics{problem(lockRange, lockFile+" selects azurerm "+locked.String()+", and endpointgen writes azurerm 4 or 5 syntax",
				"upgrade the provider first (terraform init -upgrade)")}
		case flag != "" && flag != major:
			return "", hcl.Diagnostics{problem(lockRange, "--provider "+flag+" disagrees with "+lockFile+", which selects azurerm "+locked.String(),
				"drop --provider, or change the provider and run terraform init -upgrade first")}
		}
		return major, nil
	}
	possible := majors
	why := "nothing constrains the azurerm version"
	c, at, err := r.azurermConstraint()
	if err != nil {
		return "", err
	}
	if c != nil {
		possible = nil
		for _, m := range majors {
			lo := version.Must(version.NewVersion(m + ".0.0"))
			hi := version.Must(version.NewVersion(fmt.Sprintf("%d.0.0", lo.Segments()[0]+1)))
			if admitsAny([]version.Constraints{c}, lo, hi) != nil {
				possible = append(possible, m)
			}
		}
		if len(possible) == 0 {
			return "", hcl.Diagnostics{problem(at, "the azurerm version constraint admits neither azurerm 4 nor 5", "endpointgen writes azurerm 4 or 5 syntax; upgrade the provider first")}
		}
		why = fmt.Sprintf("the azurerm version constraint %q (%s:%d) admits azurerm %s", c.String(), filepath.Base(at.Filename), at.Start.Line, strings.Join(possible, " and "))
	}
	// azurerm 4 writes a subnet's service endpoints as the service_endpoints
	// attribute, azurerm 5 as service_endpoint blocks: each spelling runs on
	// one major only.
	if syntax := r.subnetSyntax(); syntax != "" && len(possible) > 1 && slices.Contains(possible, syntax) {
		possible = []string{syntax}
		why = "the subnets write service endpoints in azurerm " + syntax + " syntax"
	}
	if flag != "" {
		if !slices.Contains(possible, flag) {
			return "", fmt.Errorf("--provider %s disagrees with the root: %s", flag, why)
		}
		return flag, nil
	}
	if len(possible) == 1 {
		return possible[0], nil
	}
	return "", fmt.Errorf("the root module in %s has no %s and %s, so it may run on azurerm 4 or 5, whose syntax differs: give --provider 4 or --provider 5, or run terraform init first", r.dir, lockFile, why)
}

// lockedAzurerm reads the azurerm version terraform init selected, nil
// without a lock file or an azurerm entry in it.
func (r *root) lockedAzurerm() (*version.Version, hcl.Range, error) {
	path := filepath.Join(r.dir, lockFile)
	src, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, hcl.Range{}, nil
	}
	if err != nil {
		return nil, hcl.Range{}, fmt.Errorf("reading %s: %w", path, err)
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, hcl.Range{}, diags
	}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type != "provider" || len(b.Labels) != 1 || b.Labels[0] != azurermLockAddress {
			continue
		}
		a := b.Body.Attributes["version"]
		if a == nil {
			return nil, b.DefRange(), hcl.Diagnostics{problem(b.DefRange(), lockFile+" records azurerm without a version", "run terraform init again")}
		}
		v, err := version.NewVersion(attrString(b.Body, "version"))
		if err != nil {
			return nil, a.SrcRange, hcl.Diagnostics{problem(a.SrcRange, lockFile+" records an azurerm version endpointgen cannot read", "run terraform init again")}
		}
		return v, a.SrcRange, nil
	}
	return nil, hcl.Range{}, nil
}

// azurermConstraint is the version constraint on azurerm in
// required_providers, nil if none, and where it is written.
func (r *root) azurermConstraint() (version.Constraints, hcl.Range, error) {
	for _, f := range r.files {
		if f.s == nil {
			continue // the file a phase creates
		}
		for _, b := range f.s.Blocks {
			if b.Type != "terraform" {
				continue
			}
			for _, rp := range b.Body.Blocks {
				if rp.Type != "required_providers" || rp.Body.Attributes["azurerm"] == nil {
					continue
				}
				a := rp.Body.Attributes["azurerm"]
				at := a.SrcRange
				v, diags := a.Expr.Value(nil)
				if !diags.HasErrors() && v.Type().IsObjectType() && v.Type().HasAttribute("version") {
					v = v.GetAttr("version")
					if obj, ok := a.Expr.(*hclsyntax.ObjectConsExpr); ok {
						for _, item := range obj.Items {
							if key, _ := item.KeyExpr.Value(nil); key.Type() == cty.String && key.IsKnown() && !key.IsNull() && key.AsString() == "version" {
								at = hcl.RangeBetween(item.KeyExpr.Range(), item.ValueExpr.Range())
							}
						}
					}
				}
				// else the legacy form, azurerm = "~> 4.0"
				if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
					continue
				}
				c, err := version.NewConstraint(v.AsString())
				if err != nil {
					return nil, at, hcl.Diagnostics{problem(at, "the azurerm version constraint does not parse: "+err.Error(), "write one such as \"~> 4.81\"")}
				}
				return c, at, nil
			}
		}
	}
	return nil, hcl.Range{}, nil
}

// subnetSyntax is the major whose syntax the root's subnets use for service
// endpoints, "" if none says.
func (r *root) subnetSyntax() string {
	for _, b := range r.resources {
		if b.s.Labels[0] != "azurerm_subnet" {
			continue
		}
		if len(blocksOf(b.s.Body, "service_endpoint")) > 0 {
			return "5"
		}
		if b.s.Body.Attributes["service_endpoints"] != nil {
			return "4"
		}
	}
	return ""
}

// admitsAny returns the least version in [lo, hi) that meets every
// constraint, nil if there is none. A conjunction of comparisons admits an interval less some
// points, so its least member in [lo, hi), if any, is lo, a version a
// term names, or the next patch after one (past a > or a !=): those are
// the versions tried.
func admitsAny(cs []version.Constraints, lo, hi *version.Version) *version.Version {
	candidates := []*version.Version{lo}
	for _, c := range cs {
		for _, term := range c {
			v, err := version.NewVersion(strings.TrimLeft(term.String(), " <>=!~"))
			if err != nil {
				continue
			}
			seg := v.Segments()
			next := version.Must(version.NewVersion(fmt.Sprintf("%d.%d.%d", seg[0], seg[1], seg[2]+1)))
			candidates = append(candidates, v.Core(), next)
		}
	}
	sort.Sort(version.Collection(candidates))
	for _, v := range candidates {
		if v.LessThan(lo) || !v.LessThan(hi) {
			continue
		}
		ok := true
		for _, c := range cs {
			ok = ok && c.Check(v)
		}
		if ok {
			return v
		}
	}
	return nil
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

// attrListFirst is the first string of a list literal attribute.
func attrListFirst(body *hclsyntax.Body, name string) string {
	a := body.Attributes[name]
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.CanIterateElements() || v.LengthInt() == 0 {
		return ""
	}
	return v.Index(cty.NumberIntVal(0)).AsString()
}
