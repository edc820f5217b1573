package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// RootChecklist is what to verify after a phase on the hand-written root in
// dir, beyond Checklist: who loses access at cutover (the IP rules and the
// subnets endpointgen cannot see into), and how to find the other storage
// accounts that still admit the subnets whose service endpoint cleanup
// removes. Call it before writing the phase: it reads the rules the phase
// removes. A root it cannot read gives nil; Run says why.
func RootChecklist(dir string, opts Options) []string {
	r, err := load(dir, opts.Provider)
	if err != nil {
		return nil
	}
	selected, err := r.selectAccounts(opts)
	if err != nil {
		return nil
	}
	accounts, _ := r.accounts(selected)
	gen := r.generated()
	var out []string
	switch opts.Phase {
	case manifest.PhaseAdd, manifest.PhaseCutover:
		for _, acc := range accounts {
			if gen != nil && !gen.endpoints[acc.address()] {
				continue
			}
			out = append(out, r.losesAccess(acc)...)
		}
	}
	if opts.Phase == manifest.PhaseAdd && opts.DNSMode != "" && opts.DNSMode != manifest.DNSManaged {
		if item := r.vnetsToResolve(accounts); item != "" {
			out = append(out, item)
		}
	}
	switch opts.Phase {
	case manifest.PhaseCutover, manifest.PhaseCleanup:
		if gen != nil {
			out = append(out, resourceGraphCheck(gen.subnets, opts.Phase))
		}
	}
	if opts.Phase == manifest.PhaseCleanup && gen != nil {
		out = append(out, r.detachedPolicies(gen.subnets)...)
		for _, s := range gen.subnets {
			base, key, isInstance := strings.Cut(s, "[")
			if b, ok := r.resources[base]; ok && isInstance {
				out = append(out, fmt.Sprintf("%s is built with for_each or count (%s:%d), and cleanup cannot edit the service endpoints of its instance [%s alone: remove Microsoft.Storage from them by hand where their value is set, once nothing else relies on it.",
					base, b.f.name, b.s.DefRange().Start.Line, key))
			}
		}
	}
	return out
}

// detachedPolicies names the service endpoint policies cleanup detaches
// from the subnets along with their Microsoft.Storage endpoint.
func (r *root) detachedPolicies(subnets []string) []string {
	var out []string
	for _, addr := range subnets {
		b, ok := r.resources[addr]
		if !ok {
			continue
		}
		a := b.s.Body.Attributes["service_endpoint_policy_ids"]
		if a == nil {
			continue
		}
		var policies []string
		for _, t := range a.Expr.Variables() {
			if len(t) >= 2 {
				if name, ok := t[1].(hcl.TraverseAttr); ok && t.RootName() == "azurerm_subnet_service_endpoint_storage_policy" {
					policies = append(policies, t.RootName()+"."+name.Name)
				}
			}
		}
		what := "the policies " + compact(a.Expr.Range().SliceBytes(b.f.src))
		if len(policies) > 0 {
			what = strings.Join(policies, ", ")
		}
		out = append(out, fmt.Sprintf("Cleanup detaches %s from %s (service_endpoint_policy_ids, %s:%d) with its Microsoft.Storage service endpoint, since Azure applies a service endpoint policy only to a subnet with that endpoint: the policy no longer limits which storage accounts the subnet reaches (restrict its egress with an NSG or a firewall if that mattered); delete the policy once nothing else uses it.",
			what, addr, b.f.name, a.SrcRange.Start.Line))
	}
	return out
}

// losesAccess names what an account's rules admit that no private endpoint
// replaces, with file:line: the IP rules, and subnets endpointgen cannot
// see into, whose VNets must resolve the privatelink names themselves.
func (r *root) losesAccess(acc *account) []string {
	var out []string
	rules := acc.inline
	f := acc.f
	if acc.standalone != nil {
		rules, f = acc.standalone.s, acc.standalone.f
	}
	if rules == nil {
		return nil
	}
	if a := rules.Body.Attributes["ip_rules"]; a != nil {
		if tuple, ok := a.Expr.(*hclsyntax.TupleConsExpr); !ok || len(tuple.Exprs) > 0 {
			out = append(out, fmt.Sprintf("At cutover %s stops admitting ip_rules = %s (%s:%d): those addresses lose access unless they reach a private endpoint (VPN, ExpressRoute, a peered VNet).",
				acc.address(), compact(a.Expr.Range().SliceBytes(f.src)), f.name, a.SrcRange.Start.Line))
		}
	}
	var unseen []string
	for _, s := range acc.admitted {
		if !strings.HasPrefix(s.addr, subnetType+".") {
			unseen = append(unseen, s.text)
		}
	}
	if acc.unlisted != nil {
		unseen = append(unseen, compact(acc.unlisted.Expr.Range().SliceBytes(acc.f.src)))
	}
	if len(unseen) > 0 {
		out = append(out, fmt.Sprintf("%s admits %s, subnets this root does not declare: their clients resolve the names privately only if their VNets use the zones the endpoints register in; their Microsoft.Storage service endpoints stay (remove them where the subnets are declared, once nothing relies on them).",
			acc.address(), strings.Join(unseen, ", ")))
	}
	return out
}

// vnetsToResolve names the VNets whose clients reach the accounts through
// a service endpoint today: with zones managed elsewhere (--dns existing or
// policy) endpointgen links none, and each must resolve the names through
// the hub's zones before cutover.
func (r *root) vnetsToResolve(accounts []*account) string {
	var names []string
	for _, acc := range accounts {
		for _, s := range acc.admitted {
			v := r.vnetOf(s)
			name := v.key
			if v.read != nil {
				name = "the VNet of " + s.text
			}
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
		if acc.unlisted != nil {
			name := "the VNets of " + compact(acc.unlisted.Expr.Range().SliceBytes(acc.f.src))
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "The hub's zones answer in every VNet whose clients use the accounts (" + strings.Join(names, ", ") +
		"): linked to it, or its DNS servers forward the privatelink zones to a VNet that is. A VNet that resolves the public address loses access at cutover."
}

// resourceGraphCheck is an Azure Resource Graph query that lists the
// storage accounts whose VNet rules admit the subnets: any other than the
// migrated ones loses access when cleanup removes the service endpoint.
// Storage keeps the rules in properties.networkAcls.virtualNetworkRules[].id,
// the subnet's resource ID
// (https://learn.microsoft.com/azure/templates/microsoft.storage/storageaccounts);
// Resource Graph supports mv-expand and in~
// (https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language).
// It is printed at cutover, for the phase after, and at cleanup, for
// before its apply.
func resourceGraphCheck(subnets []string, phase manifest.Phase) string {
	if len(subnets) == 0 {
		return "Cleanup removes no service endpoint here: the subnets the accounts admitted are declared elsewhere."
	}
	sort.Strings(subnets)
	var ids, consoles []string
	for _, s := range subnets {
		ids = append(ids, "'<"+s+".id>'")
		echo := s + ".id"
		if strings.Contains(s, "[") {
			echo = "'" + echo + "'" // azurerm_subnet.this["app"]: the shell keeps the quotes and the brackets
		}
		consoles = append(consoles, "`echo "+echo+" | terraform console`")
	}
	when := "Before the cleanup phase"
	if phase == manifest.PhaseCleanup {
		when = "Before applying this phase"
	}
	return when + ", list the storage accounts that still admit these subnets (any not migrated here loses access when the service endpoint goes), with Azure Resource Graph (`az graph query -q`), each <…> replaced by the subnet's ID (" +
		strings.Join(consoles, ", ") + "):\n" +
		"      resources\n" +
		"      | where type =~ 'microsoft.storage/storageaccounts'\n" +
		"      | mv-expand rule = properties.networkAcls.virtualNetworkRules\n" +
		"      | where tostring(rule.id) in~ (" + strings.Join(ids, ", ") + ")\n" +
		"      | project name, resourceGroup, subscriptionId, subnet = tostring(rule.id)"
}

// compact is an expression's source on one line.
func compact(src []byte) string { return strings.Join(strings.Fields(string(src)), " ") }
