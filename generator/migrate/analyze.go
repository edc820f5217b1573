package migrate

import (
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// account is a storage account restricted by network rules that name
// subnets: a service-endpoint workload to migrate.
type account struct {
	block
	label string
	// inline is the account's own network_rules block; standalone the
	// azurerm_storage_account_network_rules resource that owns its firewall
	// instead (never both: https://github.com/hashicorp/terraform-provider-azurerm/issues/10072).
	inline     *hclsyntax.Block
	standalone *block
	subnets    []string    // azurerm_subnet addresses of this root the rules admit
	admitted   []subnetRef // every subnet the rules admit, in order
	// unlisted is virtual_network_subnet_ids when it is not a list
	// endpointgen can read one by one (var.subnet_ids).
	unlisted *hclsyntax.Attribute
}

const storageType = "azurerm_storage_account"

// accounts finds the storage accounts whose network rules admit subnets,
// sorted by address. Accounts it cannot read are problems. A non-nil
// selected limits both to those accounts (--account).
func (r *root) accounts(selected map[string]bool) ([]*account, hcl.Diagnostics) {
	var out []*account
	var problems hcl.Diagnostics
	standalone := map[string]block{}
	for addr, b := range r.resources {
		if b.s.Labels[0] != "azurerm_storage_account_network_rules" {
			continue
		}
		var target, attr string
		ok := false
		if a := b.s.Body.Attributes["storage_account_id"]; a != nil {
			target, attr, ok = reference(a.Expr)
		}
		if ok && selected != nil && !selected[target] {
			continue
		}
		if !ok || attr != "id" || !strings.HasPrefix(target, storageType+".") {
			problems = append(problems, problem(b.s.DefRange(), addr+" names its account with an expression endpointgen cannot read",
				"write storage_account_id = azurerm_storage_account.NAME.id, or migrate this account by hand"))
			continue
		}
		if other, dup := standalone[target]; dup {
			first, second := other, b
			if first.address() > second.address() {
				first, second = second, first
			}
			problems = append(problems, problem(second.s.DefRange(), second.address()+" and "+first.address()+" both own the firewall of "+target,
				"keep one of them, apply, then migrate"))
			continue
		}
		standalone[target] = b
	}
	for addr, b := range r.resources {
		if b.s.Labels[0] != storageType || (selected != nil && !selected[addr]) {
			continue
		}
		acc := &account{block: b, label: b.s.Labels[1]}
		for _, d := range blocksOf(b.s.Body, "dynamic") {
			if len(d.Labels) == 1 && d.Labels[0] == "network_rules" {
				problems = append(problems, problem(d.DefRange(), addr+" builds its network_rules with a dynamic block, whose subnets endpointgen cannot read",
					"write the network_rules block out, or migrate this account by hand"))
			}
		}
		if s, ok := standalone[addr]; ok {
			acc.standalone = &s
		}
		if rules := blocksOf(b.s.Body, "network_rules"); len(rules) > 0 {
			acc.inline = rules[0]
		}
		var rulesBody *hclsyntax.Body
		switch {
		case acc.inline != nil && acc.standalone != nil:
			problems = append(problems, problem(b.s.DefRange(), addr+" has inline network_rules and an azurerm_storage_account_network_rules resource, which undo each other (azurerm issue #10072)",
				"keep one of them, apply, then migrate"))
			continue
		case acc.inline != nil:
			rulesBody = acc.inline.Body
		case acc.standalone != nil:
			rulesBody = acc.standalone.s.Body
		default:
			continue // no firewall: not a service-endpoint workload
		}
		ids := rulesBody.Attributes["virtual_network_subnet_ids"]
		if ids == nil {
			continue
		}
		if b.s.Body.Attributes["count"] != nil || b.s.Body.Attributes["for_each"] != nil {
			problems = append(problems, problem(b.s.DefRange(), addr+" is built with count or for_each, whose instances endpointgen cannot map one by one",
				"migrate it by hand, or give each account a resource block of its own first"))
			continue
		}
		tuple, ok := ids.Expr.(*hclsyntax.TupleConsExpr)
		if !ok {
			// var.subnet_ids, concat(…): admitted, but not one by one.
			acc.unlisted = ids
			out = append(out, acc)
			continue
		}
		for _, e := range tuple.Exprs {
			s, p := r.subnetOf(e, b.f.src)
			if p != nil {
				p.Summary = addr + " admits " + p.Summary
				problems = append(problems, p)
				continue
			}
			acc.admitted = append(acc.admitted, s)
			switch {
			case s.instance != "":
				acc.subnets = append(acc.subnets, s.instance)
			case strings.HasPrefix(s.addr, subnetType+"."):
				acc.subnets = append(acc.subnets, s.addr)
			}
		}
		if len(acc.admitted) > 0 {
			out = append(out, acc)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].label < out[j].label })
	sort.Slice(problems, func(i, j int) bool { return problems[i].Error() < problems[j].Error() })
	return out, problems
}
