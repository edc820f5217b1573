package migrate

import (
	"bytes"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// What the cutover checks and edits beyond the accounts themselves: the
// lifecycle settings that would make it a no-op, the resources that need
// the storage data plane it closes, and the references to the standalone
// rules resource it retires.

// ignoresNetworkSettings reports whether an ignore_changes expression
// covers network_rules or public_network_access_enabled: `all` as a bare
// keyword, or an element naming one of them as a whole attribute (so
// allow_nested_items_to_be_public is no match for `all`). readable is
// false for an expression it cannot read.
func ignoresNetworkSettings(e hclsyntax.Expression) (ignores, readable bool) {
	if st, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
		return len(st.Traversal) == 1 && st.Traversal.RootName() == "all", true
	}
	tuple, ok := e.(*hclsyntax.TupleConsExpr)
	if !ok {
		return false, false
	}
	for _, el := range tuple.Exprs {
		var name string
		switch x := el.(type) {
		case *hclsyntax.ScopeTraversalExpr:
			name = x.Traversal.RootName()
		case *hclsyntax.TemplateExpr: // the legacy quoted form, "network_rules"
			v, diags := x.Value(nil)
			if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
				return false, false
			}
			name, _, _ = strings.Cut(strings.SplitN(v.AsString(), "[", 2)[0], ".")
		default:
			return false, false
		}
		if name == "network_rules" || name == "public_network_access_enabled" {
			return true, true
		}
	}
	return false, true
}

// dataPlaneTypes are the resource types the provider manages through the
// storage data plane (blob, file, queue, table and dfs endpoints) whatever
// their arguments, with the sub-resource they reach; the files under
// https://github.com/hashicorp/terraform-provider-azurerm/tree/v5.2.0/internal/services/storage
// (and v4.81.0) that build a DataPlaneClient. In azurerm 4 a container,
// queue or share reaches the data plane when it names its account by
// storage_account_name, and Resource Manager with storage_account_id
// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v4.81.0/internal/services/storage/storage_container_resource.go#L178-L239);
// azurerm 5 keeps only storage_account_id.
var dataPlaneTypes = map[string]string{
	"azurerm_storage_blob":                      "blob",
	"azurerm_storage_account_static_website":    "blob",
	"azurerm_storage_account_queue_properties":  "queue",
	"azurerm_storage_account_table_properties":  "table",
	"azurerm_storage_table":                     "table",
	"azurerm_storage_table_entity":              "table",
	"azurerm_storage_share_file":                "file",
	"azurerm_storage_share_directory":           "file",
	"azurerm_storage_data_lake_gen2_filesystem": "dfs",
	"azurerm_storage_data_lake_gen2_path":       "dfs",
	"data.azurerm_storage_blob":                 "blob",
	"data.azurerm_storage_table":                "table",
	"data.azurerm_storage_table_entity":         "table",
	"data.azurerm_storage_table_entities":       "table",
	"data.azurerm_storage_container":            "blob", // azurerm 4; Resource Manager in 5
	"data.azurerm_storage_queue":                "queue",
	"data.azurerm_storage_share":                "file",
	"azurerm_storage_container+name":            "blob", // azurerm 4, by storage_account_name
	"azurerm_storage_queue+name":                "queue",
	"azurerm_storage_share+name":                "file",
}

// topBlock is a top-level block of the root, resource or data source.
type topBlock struct {
	f    *file
	s    *hclsyntax.Block
	kind string // "resource" or "data"
}

func (b topBlock) address() string {
	if b.kind == "data" {
		return "data." + strings.Join(b.s.Labels, ".")
	}
	return strings.Join(b.s.Labels, ".")
}

// topBlocks lists the root's resources and data sources by address.
func (r *root) topBlocks() map[string]topBlock {
	out := map[string]topBlock{}
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if (b.Type == "resource" || b.Type == "data") && len(b.Labels) == 2 {
				tb := topBlock{f, b, b.Type}
				out[tb.address()] = tb
			}
		}
	}
	return out
}

// dataPlaneUsers are the problems of the resources that reach the data
// plane of an account the cutover closes to public networks: after the
// apply, Terraform reaches it only from a network that reaches the
// account's private endpoint. An account is found through references,
// directly (storage_account_id) or through other resources (a blob's
// container), or by its literal name.
func (r *root) dataPlaneUsers(closing []*account) hcl.Diagnostics {
	blocks := r.topBlocks()
	closed := map[string]bool{}
	byName := map[string]string{}
	for _, acc := range closing {
		closed[acc.address()] = true
		if n := attrString(acc.s.Body, "name"); n != "" {
			byName[n] = acc.address()
		}
	}
	var problems hcl.Diagnostics
	addrs := make([]string, 0, len(blocks))
	for addr := range blocks {
		addrs = append(addrs, addr)
	}
	sort.Strings(addrs)
	for _, addr := range addrs {
		b := blocks[addr]
		typ := b.s.Labels[0]
		if b.kind == "data" {
			typ = "data." + typ
		}
		sub, ok := dataPlaneTypes[typ]
		if !ok && b.s.Body.Attributes["storage_account_name"] != nil {
			sub, ok = dataPlaneTypes[typ+"+name"]
		}
		if !ok {
			continue
		}
		for _, acc := range r.accountsBehind(blocks, b, byName, map[string]bool{}) {
			if closed[acc] {
				problems = append(problems, problem(b.s.DefRange(), addr+" uses the "+sub+" data plane of "+acc+", which the cutover closes to public networks",
					"manage it through Resource Manager (azurerm_storage_container, _queue and _share with storage_account_id), move it out of this root, or migrate by hand and run Terraform only from a network that reaches the account's "+sub+" private endpoint"))
				break
			}
		}
	}
	return problems
}

// accountsBehind lists the storage accounts a block names as its parent,
// directly or through its parent resources (a blob's container), and those
// whose literal name it gives as storage_account_name. Only the arguments
// that name a parent count (storage_account_id, storage_container_name,
// storage_share_id, storage_table_id, …): a depends_on or a copy source is
// no data-plane call to that account.
func (r *root) accountsBehind(blocks map[string]topBlock, b topBlock, byName map[string]string, seen map[string]bool) []string {
	if seen[b.address()] {
		return nil
	}
	seen[b.address()] = true
	var out []string
	if acc, ok := byName[attrString(b.s.Body, "storage_account_name")]; ok {
		out = append(out, acc)
	}
	for _, t := range parentTraversals(b.s.Body) {
		addr := traversalAddress(t)
		switch {
		case strings.HasPrefix(addr, storageType+"."):
			out = append(out, addr)
		case addr != "":
			if next, ok := blocks[addr]; ok {
				out = append(out, r.accountsBehind(blocks, next, byName, seen)...)
			}
		}
	}
	return out
}

// traversalAddress is the "type.name" (or "data.type.name") a traversal
// starts with, "" for variables, locals and the like.
func traversalAddress(t hcl.Traversal) string {
	var names []string
	for _, step := range t {
		if len(names) == 3 {
			break
		}
		switch s := step.(type) {
		case hcl.TraverseRoot:
			names = append(names, s.Name)
		case hcl.TraverseAttr:
			names = append(names, s.Name)
		}
		if _, ok := step.(hcl.TraverseIndex); ok {
			break
		}
	}
	switch {
	case len(names) == 3 && names[0] == "data":
		return strings.Join(names, ".")
	case len(names) >= 2 && names[0] != "data" && strings.Contains(names[0], "_"):
		return names[0] + "." + names[1]
	}
	return ""
}

// parentTraversals are the references in the arguments that name a
// storage parent: storage_*_id, storage_*_name and storage_*_url.
func parentTraversals(body *hclsyntax.Body) []hcl.Traversal {
	var out []hcl.Traversal
	for name, a := range body.Attributes {
		if strings.HasPrefix(name, "storage_") && (strings.HasSuffix(name, "_id") || strings.HasSuffix(name, "_name") || strings.HasSuffix(name, "_url")) {
			out = append(out, a.Expr.Variables()...)
		}
	}
	return out
}

// use is a use of an address somewhere in the root.
type use struct {
	f     *file
	rng   hcl.Range
	attr  string // the argument holding it: depends_on, value, …
	block string // the top-level block type it is in
	next  string // the attribute after the address, "" if none
	// indexed is an index step after next: one element of a list.
	indexed bool
}

// referencesTo finds every use of the resource at addr outside its own
// block.
func (r *root) referencesTo(addr string) []use {
	var out []use
	var walk func(f *file, top string, body *hclsyntax.Body)
	walk = func(f *file, top string, body *hclsyntax.Body) {
		names := make([]string, 0, len(body.Attributes))
		for name := range body.Attributes {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			a := body.Attributes[name]
			for _, t := range a.Expr.Variables() {
				if traversalAddress(t) != addr {
					continue
				}
				ref := use{f: f, rng: t.SourceRange(), attr: name, block: top}
				if len(t) > 2 {
					if next, ok := t[2].(hcl.TraverseAttr); ok {
						ref.next = next.Name
					} else {
						ref.next = "[…]"
					}
				}
				if len(t) > 3 {
					_, ref.indexed = t[3].(hcl.TraverseIndex)
				}
				out = append(out, ref)
			}
		}
		for _, b := range body.Blocks {
			walk(f, top, b.Body)
		}
	}
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type == "resource" && strings.Join(b.Labels, ".") == addr {
				continue
			}
			walk(f, b.Type, b.Body)
		}
	}
	return out
}

// retiredReferences checks the uses of a standalone rules resource the
// cutover retires. A depends_on on it, or its id or storage_account_id
// (the account's ID), is rewritten to the account; any other use would
// leave the root invalid and is a problem.
func (r *root) retiredReferences(acc *account) hcl.Diagnostics {
	rules := acc.standalone.address()
	var problems hcl.Diagnostics
	for _, ref := range r.referencesTo(rules) {
		switch {
		case ref.block == "moved" || ref.block == "import" || ref.block == "removed":
			problems = append(problems, problem(ref.rng, "a "+ref.block+" block names "+rules+", which the cutover retires",
				"apply that block and delete it first, then cut over"))
		case ref.attr == "replace_triggered_by":
			problems = append(problems, problem(ref.rng, "replace_triggered_by names "+rules+", which the cutover retires; pointing it at "+acc.address()+" would replace the resource whenever the account changes",
				"remove it, then cut over"))
		case ref.attr == "depends_on" && ref.next == "",
			ref.next == "id", ref.next == "storage_account_id":
			ref.f.changed = true
		default:
			what := rules
			if ref.next != "" {
				what += "." + ref.next
			}
			problems = append(problems, problem(ref.rng, "this refers to "+what+", which the cutover retires (its rules move into "+acc.address()+")",
				"refer to "+acc.address()+".network_rules[0] instead, then cut over"))
		}
	}
	return problems
}

// rewriteRetiredReferences points the uses retiredReferences accepted at
// the account: depends_on at the account, id and storage_account_id at its
// ID.
func (r *root) rewriteRetiredReferences(acc *account) {
	typ, name := acc.standalone.s.Labels[0], acc.standalone.s.Labels[1]
	var walk func(body *hclwrite.Body)
	walk = func(body *hclwrite.Body) {
		for attrName, a := range body.Attributes() {
			if attrName == "depends_on" {
				a.Expr().RenameVariablePrefix([]string{typ, name}, []string{storageType, acc.label})
				continue
			}
			for _, from := range []string{"id", "storage_account_id"} {
				a.Expr().RenameVariablePrefix([]string{typ, name, from}, []string{storageType, acc.label, "id"})
			}
		}
		for _, b := range body.Blocks() {
			walk(b.Body())
		}
	}
	for _, f := range r.files {
		for _, b := range f.w.Body().Blocks() {
			if b.Type() == "resource" && strings.Join(b.Labels(), ".") == acc.standalone.address() {
				continue
			}
			walk(b.Body())
		}
	}
}

// retireStandalone turns the standalone rules resource, in place, into a
// removed block that forgets it without destroying the rules (Terraform
// 1.7), so the comments above it stay above what replaces it; and returns
// its rules as an inline network_rules block for the account: the same
// arguments, nested blocks (private_link_access) and comments, with the VNet
// and IP rules emptied and the default action Deny.
func retireStandalone(sa *block) (*hclwrite.Block, error) {
	body := sa.w.Body()
	draft := hclwrite.NewEmptyFile()
	nr := draft.Body().AppendNewBlock("network_rules", nil).Body()
	// What the rules leave out comes first, so no blank line separates it
	// from them; bypass is Optional and Computed too: Azure's default,
	// written out.
	if body.GetAttribute("bypass") == nil {
		nr.SetAttributeValue("bypass", cty.SetVal([]cty.Value{cty.StringVal("AzureServices")}))
	}
	for _, list := range []string{"ip_rules", "virtual_network_subnet_ids"} {
		if body.GetAttribute(list) == nil {
			nr.SetAttributeValue(list, cty.ListValEmpty(cty.String))
		}
	}
	inner := body.BuildTokens(nil)
	if len(inner) > 0 && inner[0].Type == hclsyntax.TokenNewline {
		inner = inner[1:] // the newline after the resource's {
	}
	nr.AppendUnstructuredTokens(inner)
	parsed, diags := hclwrite.ParseConfig(draft.Bytes(), sa.f.name, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	rules := parsed.Body().Blocks()[0]
	nr = rules.Body()
	// storage_account_id and the meta-arguments belong to the resource.
	for _, name := range []string{"storage_account_id", "depends_on", "provider", "count", "for_each"} {
		nr.RemoveAttribute(name)
	}
	for _, b := range nr.Blocks() {
		if b.Type() == "lifecycle" || b.Type() == "timeouts" {
			nr.RemoveBlock(b)
		}
	}
	closeRules(nr)

	typ, name := sa.s.Labels[0], sa.s.Labels[1]
	sa.w.SetType("removed")
	sa.w.SetLabels(nil)
	body.Clear()
	body.AppendNewline()
	body.SetAttributeTraversal("from", hcl.Traversal{hcl.TraverseRoot{Name: typ}, hcl.TraverseAttr{Name: name}})
	body.AppendNewline()
	body.AppendNewBlock("lifecycle", nil).Body().SetAttributeValue("destroy", cty.False)
	sa.f.changed = true
	return rules, nil
}

// closeRules denies by default and empties the VNet and IP rules. Both
// lists are written, empty, rather than removed: they are Optional and
// Computed in azurerm_storage_account's network_rules
// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/storage/storage_account_resource.go#L382-L401,
// and the same in v4.81.0), so leaving one out plans no change and keeps
// the rules in Azure. A comment at the end of either line described the
// entries, and goes with them: ip_rules = [] # office would read as if the
// office were still admitted.
func closeRules(nr *hclwrite.Body) {
	denied := false
	if a := nr.GetAttribute("default_action"); a != nil {
		denied = strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes())) == `"Deny"`
	}
	setBeforeBlocks(nr, "default_action", cty.StringVal("Deny"))
	if !denied {
		// default_action = "Deny" # open would mislead the same way.
		dropLineComment(nr.GetAttribute("default_action"))
	}
	for _, list := range []string{"ip_rules", "virtual_network_subnet_ids"} {
		setBeforeBlocks(nr, list, cty.ListValEmpty(cty.String))
		dropLineComment(nr.GetAttribute(list))
	}
}

// dropLineComment removes a # or // comment at the end of an attribute's
// line (those above it stay): the token, which holds the line break, becomes
// the line break alone.
func dropLineComment(a *hclwrite.Attribute) {
	afterEqual := false
	for _, tok := range a.BuildTokens(nil) {
		afterEqual = afterEqual || tok.Type == hclsyntax.TokenEqual
		if afterEqual && tok.Type == hclsyntax.TokenComment && bytes.HasSuffix(tok.Bytes, []byte("\n")) {
			tok.Type, tok.Bytes, tok.SpacesBefore = hclsyntax.TokenNewline, []byte("\n"), 0
		}
	}
}
