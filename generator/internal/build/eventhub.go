package build

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// eventHubs is a Standard Event Hubs namespace (azurerm_eventhub_namespace):
// network rules and private endpoints are "not supported in the basic tier".
type eventHubs struct{}

func (eventHubs) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_eventhub_namespace", names.Label(svc.Name)}
}

// host is the namespace's host; azurerm exports no attribute for it, and
// the name is fixed by the namespace name and the cloud.
func (eventHubs) host(w *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	zones, _ := catalog.PrivateDNSZones("eventhub", "namespace", "", w.Cloud)
	return hclgen.Literal(svc.Name + "." + strings.TrimPrefix(zones[0], "privatelink."))
}

func (eventHubs) variables(manifest.Service) []variable { return nil }

func (eventHubs) posture(manifest.Service) []string {
	return []string{"Standard", "Microsoft Entra authentication only (no SAS keys)", "TLS 1.2 minimum", "firewall default action Deny, trusted services allowed"}
}

func (e eventHubs) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", e.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "sku", "Standard")
	hclgen.SetNumber(b, "capacity", 1)
	hclgen.SetBool(b, "local_authentication_enabled", false)
	hclgen.SetString(b, "minimum_tls_version", "1.2")
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)

	// network_rulesets is an attribute (a list of objects) in azurerm, so
	// every field of the object is written; it is Optional and Computed
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/eventhub/eventhub_namespace_resource.go#L111-L116,
	// the same in v4.81.0), so ip_rule and virtual_network_rule are written
	// even when empty, or a migration phase would keep the old rules.
	var ipRules, vnetRules []hclwrite.Tokens
	for _, ip := range cidrs(fw.ipRules) {
		ipRules = append(ipRules, hclgen.Object(
			hclgen.ObjectAttr{Name: "ip_mask", Value: hclgen.Literal(ip)},
			hclgen.ObjectAttr{Name: "action", Value: hclgen.Literal("Allow")},
		))
	}
	for _, subnet := range fw.subnets {
		vnetRules = append(vnetRules, hclgen.Object(
			hclgen.ObjectAttr{Name: "subnet_id", Value: subnet},
			hclgen.ObjectAttr{Name: "ignore_missing_virtual_network_service_endpoint", Value: hclgen.Bool(false)},
		))
	}
	ruleset := hclgen.Object(
		hclgen.ObjectAttr{Name: "default_action", Value: hclgen.Literal("Deny")},
		hclgen.ObjectAttr{Name: "public_network_access_enabled", Value: hclgen.Bool(fw.publicAccess)},
		hclgen.ObjectAttr{Name: "trusted_service_access_enabled", Value: hclgen.Bool(true)},
		hclgen.ObjectAttr{Name: "ip_rule", Value: hclgen.Tuple(ipRules)},
		hclgen.ObjectAttr{Name: "virtual_network_rule", Value: hclgen.Tuple(vnetRules)},
	)
	b.SetAttributeRaw("network_rulesets", hclgen.Tuple([]hclwrite.Tokens{ruleset}))
}

func (e eventHubs) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := e.address(svc)
	at, rs := a.Address(), a.Dot("network_rulesets")
	return []check{
		publicAccessCheck(a, fw),
		isBool(hclgen.Index(rs, 0, "public_network_access_enabled"), fw.publicAccess, at+" has the rule set's public network access as the namespace's."),
		denyCheck(a, hclgen.Index(rs, 0, "default_action")),
		w.subnetRulesCheck(a, hclgen.Splat(hclgen.Index(rs, 0, "virtual_network_rule"), "subnet_id"), fw),
		ipRulesCheck(a, hclgen.Splat(hclgen.Index(rs, 0, "ip_rule"), "ip_mask"), cidrs(fw.ipRules)),
		isBool(a.Dot("local_authentication_enabled").Tokens(), false, at+" accepts Microsoft Entra authentication only (no SAS keys)."),
		isString(a.Dot("minimum_tls_version").Tokens(), "1.2", at+" requires TLS 1.2 or newer."),
	}
}
