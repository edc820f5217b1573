package azurerm

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// block is a parsed block and the source of its file.
type block struct {
	*hclsyntax.Block
	src []byte
}

// expression is a parsed expression and the source of its file.
type expression struct {
	hclsyntax.Expression
	src []byte
}

// config is a root module's configuration as Replacements compares it:
// what a reference can read, by address.
type config struct {
	resources map[string]block      // azurerm_subnet.app, every managed resource
	data      map[string]block      // data.azurerm_subnet.app
	locals    map[string]expression // local.subnet_id
	variables map[string]expression // var.location: its default
	removed   map[string]bool       // what removed blocks retire
	// replaced are the resources the change replaces, as found so far:
	// their computed attributes (the id …) are unknown until applied.
	replaced map[string]bool
	// before is the configuration this one changes (nil for the first):
	// a data source that reads a resource the change touches at all is
	// read only while applying.
	before *config
	// resolved memoises resolve for the current replaced (a reference
	// read by many arguments is followed once).
	resolved map[string]string
}

// parseConfigs reads the .tf files of a root module before and after a
// change, a file the same in both once.
func parseConfigs(old, new map[string][]byte) (before, after *config, err error) {
	bodies := map[string]*hclsyntax.Body{}
	parse := func(files map[string][]byte) (*config, error) {
		c := &config{resources: map[string]block{}, data: map[string]block{}, locals: map[string]expression{},
			variables: map[string]expression{}, removed: map[string]bool{}, replaced: map[string]bool{}, resolved: map[string]string{}}
		for name, src := range files {
			if !strings.HasSuffix(name, ".tf") {
				continue
			}
			body, ok := bodies[name]
			if !ok || !bytes.Equal(old[name], new[name]) {
				f, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos)
				if diags.HasErrors() {
					return nil, fmt.Errorf("parsing %s: %s", name, diags.Error())
				}
				body = f.Body.(*hclsyntax.Body)
				bodies[name] = body
			}
			c.add(body, src)
		}
		return c, nil
	}
	if before, err = parse(old); err != nil {
		return nil, nil, err
	}
	after, err = parse(new)
	return before, after, err
}

// add takes in the blocks of a file.
func (c *config) add(body *hclsyntax.Body, src []byte) {
	for _, b := range body.Blocks {
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			c.resources[b.Labels[0]+"."+b.Labels[1]] = block{b, src}
		case b.Type == "data" && len(b.Labels) == 2:
			c.data["data."+b.Labels[0]+"."+b.Labels[1]] = block{b, src}
		case b.Type == "locals":
			for name, a := range b.Body.Attributes {
				c.locals["local."+name] = expression{a.Expr, src}
			}
		case b.Type == "variable" && len(b.Labels) == 1:
			if a := b.Body.Attributes["default"]; a != nil {
				c.variables["var."+b.Labels[0]] = expression{a.Expr, src}
			}
		case b.Type == "removed":
			if a := b.Body.Attributes["from"]; a != nil {
				c.removed[string(a.Expr.Range().SliceBytes(src))] = true
			}
		}
	}
}

// value is a key of what expr plans in c: equal keys on two sides are one
// value. A literal is its value; a reference is what it reads (see
// resolve); anything else its text, with what each reference in it reads.
func (c *config) value(expr hclsyntax.Expression, src []byte) string {
	if v, diags := expr.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
		return valueKey(v)
	}
	switch e := expr.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return c.resolve(e.Traversal)
	case *hclsyntax.TemplateWrapExpr:
		return c.value(e.Wrapped, src) // "${local.n}" is local.n
	}
	// A digest, not the text: the keys of what it refers to hold theirs,
	// and a chain of references would grow each key exponentially.
	h := sha256.New()
	h.Write([]byte(withoutLayout(expr.Range().SliceBytes(src))))
	for _, t := range expr.Variables() {
		h.Write([]byte("\x00" + c.resolve(t)))
	}
	return "expression " + hex.EncodeToString(h.Sum(nil))
}

// valueKey is the key (see value) of a known value. A number or bool
// where the schema takes a string (or the reverse) is converted to it: 1
// and "1", false and "false" plan one value.
func valueKey(v cty.Value) string {
	if s, err := convert.Convert(v, cty.String); err == nil && v.Type().IsPrimitiveType() {
		return s.GoString()
	}
	return v.GoString()
}

// resolve is a key of what the reference t reads in c:
//   - a variable's default, a local's value, or an argument the resource
//     or data source sets: the value of that expression;
//   - an attribute the configuration does not set (the id …): unknown for
//     a resource the change replaces, else what identifies the resource
//     or data source (type, provider and names), so that a data source
//     that reads what a resource created reads the same id;
//   - anything else (a module's output, each.value …): its text.
func (c *config) resolve(t hcl.Traversal) string {
	text := traversalText(t)
	if key, ok := c.resolved[text]; ok {
		return key
	}
	// Each reference is followed once (a chain of them stays linear); one
	// met again while it is followed (a cycle, which Terraform refuses)
	// reads as its text.
	c.resolved[text] = "?" + text
	key := c.follow(t)
	c.resolved[text] = key
	return key
}

func (c *config) follow(t hcl.Traversal) string {
	text := "?" + traversalText(t)
	addr, attr, rest := referenced(t)
	if addr == "" {
		return text
	}
	restText := traversalText(rest)
	for _, named := range []map[string]expression{c.variables, c.locals} {
		if e, ok := named[addr]; ok {
			// A literal is read at the path the reference reads
			// (local.names.rg), so another key of it changes nothing.
			if v, diags := e.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
				if at, diags := rest.TraverseRel(v); !diags.HasErrors() && at.IsWhollyKnown() {
					return valueKey(at)
				}
			}
			return c.value(e.Expression, e.src) + restText
		}
	}
	blk, managed := c.resources[addr]
	if !managed {
		var ok bool
		if blk, ok = c.data[addr]; !ok {
			return text
		}
	}
	if a := blk.Body.Attributes[attr]; a != nil {
		return c.value(a.Expr, blk.src) + restText
	}
	// Terraform reads a data source that refers to a resource with
	// changes pending while applying, not planning: what the
	// configuration does not set is unknown in the plan
	// (hashicorp/terraform#26284; how that replaces resources:
	// hashicorp/terraform#29668).
	if !managed && c.readsWhatChanges(blk) {
		return "(known after apply: " + addr + " is read while applying)"
	}
	if managed && c.replaced[addr] {
		return "(known after apply: " + addr + " is replaced)"
	}
	id := c.identity(blk)
	if !managed {
		// A data source that reads what a resource of the same type and
		// names creates (here, or before the change: the resource group
		// now existing: true) reads what that resource sets.
		for _, in := range []*config{c, c.before} {
			if in == nil {
				continue
			}
			for _, addr := range slices.Sorted(maps.Keys(in.resources)) {
				r := in.resources[addr]
				if a := r.Body.Attributes[attr]; a != nil && r.Labels[0] == blk.Labels[0] && in.identity(r) == id {
					return in.value(a.Expr, r.src) + restText
				}
			}
		}
	}
	return "computed " + id + "." + attr + restText
}

// readsWhatChanges reports whether the data source b refers (in an
// argument or depends_on) to a resource this configuration changes in
// any way, or replaces, against the one before it.
func (c *config) readsWhatChanges(b block) bool {
	for _, a := range b.Body.Attributes {
		for _, t := range a.Expr.Variables() {
			if addr, _, _ := referenced(t); c.changes(addr) {
				return true
			}
		}
	}
	return false
}

// changes reports whether Terraform plans any change to the resource at
// addr, which this configuration changes from the one before it: it is
// replaced, or an argument plans another value, or a nested block (not
// lifecycle, which plans nothing) reads otherwise. A resource created
// anew is not a change of one that was.
func (c *config) changes(addr string) bool {
	now, ok := c.resources[addr]
	if !ok || c.before == nil {
		return false
	}
	was, ok := c.before.resources[addr]
	if !ok {
		return false
	}
	if c.replaced[addr] {
		return true
	}
	meta := map[string]bool{"count": true, "for_each": true, "provider": true, "depends_on": true}
	// An argument plans another value unless the two are equivalent, or
	// it is left out on one side and its default on the other (or left
	// out where left out keeps what it has).
	typ := now.Labels[0]
	for _, name := range slices.Sorted(maps.Keys(now.Body.Attributes)) {
		if meta[name] {
			continue
		}
		a := was.Body.Attributes[name]
		if a == nil && !c.isDefault(now, name) {
			return true
		}
		if a != nil && !equivalent(typ, name, c.before.value(a.Expr, was.src), c.value(now.Body.Attributes[name].Expr, now.src)) {
			return true
		}
	}
	for name := range was.Body.Attributes {
		if !meta[name] && now.Body.Attributes[name] == nil && !c.before.isDefault(was, name) && !keptWhenLeftOut[typ][name] {
			return true
		}
	}
	nested := func(b block) string {
		var sb strings.Builder
		for _, n := range b.Body.Blocks {
			if n.Type != "lifecycle" {
				sb.WriteString(withoutLayout(n.Range().SliceBytes(b.src)))
			}
		}
		return sb.String()
	}
	return nested(was) != nested(now)
}

// identity is what names a resource or data source in Azure: its type,
// provider configuration and the names its ID is made of.
func (c *config) identity(b block) string {
	key := b.Labels[0]
	for _, arg := range []string{"provider", "name", "resource_group_name", "virtual_network_name"} {
		if a := b.Body.Attributes[arg]; a != nil {
			v := c.value(a.Expr, b.src)
			if caseInsensitive[b.Labels[0]][arg] {
				v = strings.ToLower(v) // one resource, as the provider sees it
			}
			key += "|" + arg + "=" + v
		}
	}
	if b.Body.Attributes["name"] == nil {
		key += "|" + b.Type + "." + strings.Join(b.Labels, ".")
	}
	return key
}

// referenced splits a reference into the address it reads (a resource,
// data source, local or variable), the attribute of a resource or data
// source read (the whole object reads as its id) and the steps after it,
// an instance key (count's, for_each's) first: for
// azurerm_subnet.app["a"].id, "azurerm_subnet.app", "id", ["a"]. addr is
// "" for what is none of these (each.value, a module's output …).
func referenced(t hcl.Traversal) (addr, attr string, rest hcl.Traversal) {
	if t.IsRelative() || len(t) < 2 {
		return "", "", nil
	}
	root, steps := t.RootName(), t[1:]
	name := func(i int) (string, bool) {
		if i >= len(steps) {
			return "", false
		}
		a, ok := steps[i].(hcl.TraverseAttr)
		return a.Name, ok
	}
	switch root {
	case "var", "local":
		n, ok := name(0)
		if !ok {
			return "", "", nil
		}
		return root + "." + n, "", steps[1:]
	case "module", "each", "count", "self", "path", "terraform":
		return "", "", nil
	case "data":
		typ, ok := name(0)
		if !ok {
			return "", "", nil
		}
		root, steps = "data."+typ, steps[1:]
	}
	n, ok := name(0)
	if !ok {
		return "", "", nil
	}
	var instance hcl.Traversal
	for i := 1; i < len(steps); i++ {
		if a, ok := steps[i].(hcl.TraverseAttr); ok {
			return root + "." + n, a.Name, append(instance, steps[i+1:]...)
		}
		instance = append(instance, steps[i])
	}
	return root + "." + n, "id", instance
}

// traversalText writes a traversal's steps as HCL would.
func traversalText(t hcl.Traversal) string {
	var sb strings.Builder
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			sb.WriteString(s.Name)
		case hcl.TraverseAttr:
			sb.WriteString("." + s.Name)
		case hcl.TraverseIndex:
			sb.WriteString("[" + s.Key.GoString() + "]")
		case hcl.TraverseSplat:
			sb.WriteString("[*]")
		}
	}
	return sb.String()
}
