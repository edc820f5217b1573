package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// subnetRef is a subnet as the root names it: the expression of its ID.
type subnetRef struct {
	text string          // the expression as written: azurerm_subnet.app.id, var.subnet_id
	id   hclwrite.Tokens // the same expression, to write elsewhere
	// addr is azurerm_subnet.NAME or data.azurerm_subnet.NAME when the
	// expression is that block's id; "" for any other expression.
	addr string
	// instance is azurerm_subnet.NAME[KEY] when the expression is the id
	// of one instance of a subnet built with for_each or count.
	instance string
	// rng is where the root writes the expression; nil for a flag's.
	rng *hcl.Range
}

// vnet is a virtual network the zones link to and the private endpoints
// take their region from.
type vnet struct {
	// key tells two VNets apart: the address of the block that declares or
	// reads it, or what a data source endpointgen writes would read.
	key                string
	label              string // ends the labels of its zone links
	id, name, location hclwrite.Tokens
	resourceGroupName  hclwrite.Tokens
	// literalName is the VNet's name where the root writes it as a
	// literal, "" where only an expression knows it.
	literalName string
	// read is the data source endpointgen writes to read the VNet, nil when
	// the root declares or reads it already.
	read *vnetRead
	// fromID: the VNet is read from the segments of a subnet ID expression
	// (a variable, an ID), so it cannot be told apart from another VNet.
	fromID bool
	// literalID: read from a literal subnet ID, so the VNet's ID is known
	// and told apart from another literal one.
	literalID bool
	subnet    string     // the subnet it was found from, for messages
	rng       *hcl.Range // where the root names that subnet; nil for a flag's
}

// vnetRead is a data "azurerm_virtual_network" endpointgen writes.
type vnetRead struct {
	label                   string
	name, resourceGroupName hclwrite.Tokens
	// provider is the alias of the subnet block it is read from: the
	// VNet is in that provider's subscription. "": the default.
	provider string
}

const (
	subnetType = "azurerm_subnet"
	vnetType   = "azurerm_virtual_network"
)

// subnetOf reads one element of virtual_network_subnet_ids (or the
// --endpoint-subnet expression): a subnet of the root, by resource or data
// source, or any other expression of a subnet ID. A reference to a subnet
// block the root does not have is a problem.
func (r *root) subnetOf(e hclsyntax.Expression, src []byte) (subnetRef, *hcl.Diagnostic) {
	text := strings.TrimSpace(string(e.Range().SliceBytes(src)))
	tokens, err := tokensOf(text)
	if err != nil {
		return subnetRef{}, problem(e.Range(), text+", an expression endpointgen cannot copy", "write the subnet ID as a reference or a string")
	}
	rng := e.Range()
	s := subnetRef{text: text, id: tokens, rng: &rng}
	if addr, key, ok := subnetInstance(e); ok {
		if b, found := r.resources[addr]; found && (b.s.Body.Attributes["for_each"] != nil || b.s.Body.Attributes["count"] != nil) {
			s.addr, s.instance = addr, addr+"["+key+"]"
			return s, nil
		}
		return s, problem(e.Range(), text+", which is not the id of an instance of an azurerm_subnet of this root module built with for_each or count",
			"run endpointgen in the root that declares the subnet, or name it by a variable or a data source")
	}
	addr, attr, ok := dataOrResource(e)
	switch {
	case ok && strings.HasPrefix(addr, subnetType+"."):
		if _, found := r.resources[addr]; !found || attr != "id" {
			return s, problem(e.Range(), text+", which is not the id of an azurerm_subnet of this root module",
				"run endpointgen in the root that declares the subnet, or name it by a variable or a data source")
		}
		s.addr = addr
	case ok && strings.HasPrefix(addr, "data."+subnetType+"."):
		if _, found := r.data[addr]; !found || attr != "id" {
			return s, problem(e.Range(), text+", which is not the id of a data \"azurerm_subnet\" of this root module",
				"declare the data source in this root, or name the subnet by a variable")
		}
		s.addr = addr
	}
	return s, nil
}

// subnetInstance reads azurerm_subnet.NAME[KEY].id, KEY a string without
// spaces or a number, and returns azurerm_subnet.NAME and KEY as written in
// HCL ("app", 0).
func subnetInstance(e hclsyntax.Expression) (addr, key string, ok bool) {
	st, isTraversal := e.(*hclsyntax.ScopeTraversalExpr)
	if !isTraversal || len(st.Traversal) != 4 || st.Traversal.RootName() != subnetType {
		return "", "", false
	}
	name, ok1 := st.Traversal[1].(hcl.TraverseAttr)
	index, ok2 := st.Traversal[2].(hcl.TraverseIndex)
	id, ok3 := st.Traversal[3].(hcl.TraverseAttr)
	if !ok1 || !ok2 || !ok3 || id.Name != "id" || index.Key.IsNull() || !index.Key.IsKnown() {
		return "", "", false
	}
	switch {
	case index.Key.Type() == cty.String && !strings.ContainsFunc(index.Key.AsString(), unicode.IsSpace):
	case index.Key.Type() == cty.Number:
	default:
		return "", "", false
	}
	return subnetType + "." + name.Name, strings.TrimSpace(string(hclwrite.TokensForValue(index.Key).Bytes())), true
}

// parseSubnet reads the --endpoint-subnet flag: azurerm_subnet.NAME,
// data.azurerm_subnet.NAME (with or without .id), a subnet ID, or any
// expression of one (var.pe_subnet_id).
func (r *root) parseSubnet(flag string) (subnetRef, error) {
	text := flag
	switch {
	case strings.HasPrefix(flag, "/"):
		if !manifest.IsSubnetID(flag) {
			return subnetRef{}, fmt.Errorf("--endpoint-subnet %s is not a subnet ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/NAME, SUB a subscription ID (a GUID)", flag)
		}
		text = string(hclgen.Literal(flag).Bytes())
	case strings.Count(flag, ".") == 1 && strings.HasPrefix(flag, subnetType+"."),
		strings.Count(flag, ".") == 2 && strings.HasPrefix(flag, "data."+subnetType+"."):
		text = flag + ".id"
	}
	e, diags := hclsyntax.ParseExpression([]byte(text), "--endpoint-subnet", hcl.InitialPos)
	if diags.HasErrors() {
		return subnetRef{}, fmt.Errorf("--endpoint-subnet %s is not an expression: give azurerm_subnet.NAME, data.azurerm_subnet.NAME, var.NAME or a subnet ID", flag)
	}
	s, p := r.subnetOf(e, []byte(text))
	if p != nil {
		return subnetRef{}, fmt.Errorf("--endpoint-subnet names %s; %s", p.Summary, strings.TrimSuffix(p.Detail, "."))
	}
	s.rng = nil
	return s, nil
}

// dataOrResource reads TYPE.NAME.ATTR or data.TYPE.NAME.ATTR and returns
// the block's address ("TYPE.NAME", "data.TYPE.NAME") and the attribute.
func dataOrResource(e hclsyntax.Expression) (addr, attr string, ok bool) {
	st, isTraversal := e.(*hclsyntax.ScopeTraversalExpr)
	if !isTraversal || len(st.Traversal) < 3 {
		return "", "", false
	}
	var parts []string
	for _, t := range st.Traversal[1:] {
		a, isAttr := t.(hcl.TraverseAttr)
		if !isAttr {
			return "", "", false
		}
		parts = append(parts, a.Name)
	}
	root := st.Traversal.RootName()
	switch {
	case root == "data" && len(parts) == 3:
		return "data." + parts[0] + "." + parts[1], parts[2], true
	case root != "data" && len(parts) == 2:
		return root + "." + parts[0], parts[1], true
	}
	return "", "", false
}

// tokensOf lexes an expression's source text into hclwrite tokens.
func tokensOf(text string) (hclwrite.Tokens, error) {
	f, diags := hclwrite.ParseConfig([]byte("x = "+text+"\n"), "expr", hcl.InitialPos)
	if diags.HasErrors() || f.Body().GetAttribute("x") == nil {
		return nil, fmt.Errorf("%q is not an expression", text)
	}
	return f.Body().GetAttribute("x").Expr().BuildTokens(nil), nil
}

// vnetOf finds the VNet of a subnet: the azurerm_virtual_network (resource
// or data source) its virtual_network_name references, or names by the same
// literal name and resource group expression; else a data source
// that reads it by the subnet's virtual_network_name and resource_group_name;
// for any other expression, by the segments of the subnet ID
// (/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/VNET/subnets/NAME:
// the form storage documents for a VNet rule's subnet ID,
// https://learn.microsoft.com/azure/templates/microsoft.storage/storageaccounts),
// element 4 being the resource group and element 8 the VNet.
func (r *root) vnetOf(s subnetRef) vnet {
	v := r.findVNet(s)
	v.rng = s.rng
	return v
}

func (r *root) findVNet(s subnetRef) vnet {
	var b block
	switch {
	case strings.HasPrefix(s.addr, "data."):
		b = r.data[s.addr]
	case s.instance != "" && !r.namesRootVNet(r.resources[s.addr]):
		// Another VNet for each instance, perhaps: read by the ID.
		return r.findVNet(subnetRef{text: s.text, id: s.id, rng: s.rng})
	case s.addr != "":
		b = r.resources[s.addr]
	default:
		if v, diags := hclsyntax.ParseExpression([]byte(s.text), "", hcl.InitialPos); !diags.HasErrors() {
			if id, diags := v.Value(nil); !diags.HasErrors() && id.Type().Equals(cty.String) && !id.IsNull() {
				// A literal subnet ID: its VNet and resource group are known.
				if parts := strings.Split(id.AsString(), "/"); len(parts) == 11 && strings.EqualFold(parts[7], "virtualNetworks") {
					label := names.Label(parts[8])
					return vnet{key: "id:" + strings.ToLower(strings.Join(parts[:9], "/")), label: label, fromID: true, literalID: true, subnet: s.text, literalName: parts[8],
						read: &vnetRead{label: label, name: hclgen.Literal(parts[8]), resourceGroupName: hclgen.Literal(parts[4])}}
				}
			}
		}
		segment := func(i int64) hclwrite.Tokens {
			split := hclwrite.TokensForFunctionCall("split", hclgen.Literal("/"), s.id)
			return hclwrite.TokensForFunctionCall("element", split, hclwrite.TokensForValue(cty.NumberIntVal(i)))
		}
		label := names.Label(s.text) + "_vnet"
		return vnet{key: "id:" + s.text, label: label, fromID: true, subnet: s.text,
			read: &vnetRead{label: label, name: segment(8), resourceGroupName: segment(4)}}
	}
	declared := func(addr string) vnet {
		v := vnet{key: addr, label: addr[strings.LastIndex(addr, ".")+1:], subnet: s.text}
		vb := r.resources[addr]
		if strings.HasPrefix(addr, "data.") {
			v.label = "data_" + v.label
			vb = r.data[addr]
		}
		v.literalName = attrString(vb.s.Body, "name")
		v.id, v.name, v.location, v.resourceGroupName = ref(addr, "id"), ref(addr, "name"), ref(addr, "location"), ref(addr, "resource_group_name")
		return v
	}
	if a := b.s.Body.Attributes["virtual_network_name"]; a != nil {
		if addr, attr, ok := dataOrResource(a.Expr); ok && attr == "name" {
			_, resource := r.resources[addr]
			_, data := r.data[addr]
			if (resource && strings.HasPrefix(addr, vnetType+".")) || (data && strings.HasPrefix(addr, "data."+vnetType+".")) {
				return declared(addr)
			}
		}
	}
	text := func(b block, name string) string {
		if a := b.s.Body.Attributes[name]; a != nil {
			return strings.TrimSpace(string(a.Expr.Range().SliceBytes(b.f.src)))
		}
		return ""
	}
	// A VNet of the root named by the same literal name and resource group
	// expression is that VNet, not another to read and link again.
	if name := attrString(b.s.Body, "virtual_network_name"); name != "" {
		var same []string
		for addr, vb := range r.resources {
			if vb.s.Labels[0] == vnetType && attrString(vb.s.Body, "name") == name && text(vb, "resource_group_name") == text(b, "resource_group_name") && providerAlias(vb.s.Body) == providerAlias(b.s.Body) {
				same = append(same, addr)
			}
		}
		for addr, vb := range r.data {
			if vb.s.Labels[0] == vnetType && attrString(vb.s.Body, "name") == name && text(vb, "resource_group_name") == text(b, "resource_group_name") && providerAlias(vb.s.Body) == providerAlias(b.s.Body) {
				same = append(same, addr)
			}
		}
		if len(same) > 0 {
			sort.Strings(same)
			return declared(same[0]) // a resource sorts before a data source
		}
	}
	// The VNet is declared elsewhere: read it by the subnet's own arguments,
	// so two subnets that name the same VNet share one data source.
	label := b.s.Labels[1] + "_vnet"
	if name := attrString(b.s.Body, "virtual_network_name"); name != "" {
		label = names.Label(name)
	}
	// Subnets read through two provider configurations (subscriptions)
	// name two VNets.
	key := "name:" + text(b, "virtual_network_name") + "|" + text(b, "resource_group_name")
	provider := providerAlias(b.s.Body)
	if provider != "" {
		key += "|" + provider
	}
	return vnet{key: key, label: label, subnet: s.text, literalName: attrString(b.s.Body, "virtual_network_name"),
		read: &vnetRead{label: label, name: ref(s.addr, "virtual_network_name"), resourceGroupName: ref(s.addr, "resource_group_name"), provider: provider}}
}

// subnetBlock is the azurerm_subnet resource or data source at addr.
func (r *root) subnetBlock(addr string) (block, bool) {
	if strings.HasPrefix(addr, "data.") {
		b, ok := r.data[addr]
		return b, ok
	}
	b, ok := r.resources[addr]
	return b, ok && addr != ""
}

// namesRootVNet: the subnet's virtual_network_name is the name of an
// azurerm_virtual_network (resource or data source) of the root, the same
// for every instance.
func (r *root) namesRootVNet(b block) bool {
	a := b.s.Body.Attributes["virtual_network_name"]
	if a == nil {
		return false
	}
	addr, attr, ok := dataOrResource(a.Expr)
	if !ok || attr != "name" {
		return false
	}
	_, resource := r.resources[addr]
	_, data := r.data[addr]
	return (resource && strings.HasPrefix(addr, vnetType+".")) || (data && strings.HasPrefix(addr, "data."+vnetType+"."))
}

// finish fills in the expressions of a VNet endpointgen reads with a data
// source of its own.
func (v *vnet) finish() {
	if v.read == nil {
		return
	}
	addr := "data." + vnetType + "." + v.read.label
	v.id, v.name, v.location, v.resourceGroupName = ref(addr, "id"), ref(addr, "name"), ref(addr, "location"), ref(addr, "resource_group_name")
}

// mayShareName reports whether two VNets may have one name: both names
// are literals and equal (Azure names are case-insensitive), or one is
// known only by an expression.
func mayShareName(a, b vnet) bool {
	return a.literalName == "" || b.literalName == "" || strings.EqualFold(a.literalName, b.literalName)
}

// endpointsSubnetWords mark a subnet dedicated to private endpoints by
// its name or label (snet-pe, snet-private-endpoints, pep-subnet).
var endpointsSubnetWords = []string{"pe", "pep", "endpoint", "endpoints", "privateendpoint", "privateendpoints"}

// isEndpointsSubnet: a subnet whose name (or label) has one of
// endpointsSubnetWords among its parts, or joins "private" and "endpoints".
func isEndpointsSubnet(b block) bool {
	for _, name := range []string{attrString(b.s.Body, "name"), b.s.Labels[1]} {
		parts := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' })
		for _, p := range parts {
			if slices.Contains(endpointsSubnetWords, p) {
				return true
			}
		}
	}
	return false
}

// endpointSubnet picks where an account's private endpoints go:
// --endpoint-subnet; else the root's one subnet dedicated to private
// endpoints (isEndpointsSubnet, undelegated; a resource or a data source)
// in a VNet whose subnets the account admits, the one that sets private_endpoint_network_policies when
// several qualify; else the first subnet the rules admit ("Private
// endpoints can be created in subnets that use Service Endpoints":
// https://learn.microsoft.com/azure/private-link/private-endpoint-overview).
func (r *root) endpointSubnet(acc *account, flag string) (subnetRef, error) {
	if flag != "" {
		return r.parseSubnet(flag)
	}
	admittedVNets := map[string]bool{}
	for _, s := range acc.admitted {
		admittedVNets[r.vnetOf(s).key] = true
	}
	var candidates, withPolicies []string
	consider := func(addr string, b block) {
		if b.s.Labels[0] != subnetType || !isEndpointsSubnet(b) || len(blocksOf(b.s.Body, "delegation")) > 0 {
			return
		}
		if b.s.Body.Attributes["for_each"] != nil || b.s.Body.Attributes["count"] != nil {
			return // which instance is for endpoints, --endpoint-subnet says
		}
		if !admittedVNets[r.vnetOf(subnetRef{text: addr + ".id", addr: addr}).key] {
			return
		}
		candidates = append(candidates, addr)
		if b.s.Body.Attributes["private_endpoint_network_policies"] != nil {
			withPolicies = append(withPolicies, addr)
		}
	}
	for addr, b := range r.resources {
		consider(addr, b)
	}
	for addr, b := range r.data {
		consider(addr, b)
	}
	if len(withPolicies) > 0 {
		candidates = withPolicies
	}
	sort.Strings(candidates)
	switch {
	case len(candidates) == 1:
		return subnetRef{text: candidates[0] + ".id", id: ref(candidates[0], "id"), addr: candidates[0]}, nil
	case len(candidates) > 1:
		return subnetRef{}, hcl.Diagnostics{problem(acc.s.DefRange(), acc.address()+"'s private endpoints could go into any of the private-endpoint subnets "+strings.Join(candidates, ", "),
			"give --endpoint-subnet")}
	case len(acc.admitted) > 0:
		return acc.admitted[0], nil
	}
	return subnetRef{}, hcl.Diagnostics{problem(acc.unlisted.SrcRange, acc.address()+" admits the subnets of "+string(acc.unlisted.Expr.Range().SliceBytes(acc.f.src))+", which endpointgen cannot list, so it cannot choose a subnet for the private endpoints",
		"give --endpoint-subnet (a subnet ID expression such as var.pe_subnet_id)")}
}
