package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// serviceBus is a Premium Service Bus namespace (azurerm_servicebus_namespace):
// "Virtual Networks are supported only in Premium tier Service Bus
// namespaces", and so are private endpoints.
type serviceBus struct{}

func (serviceBus) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_servicebus_namespace", names.Label(svc.Name)}
}

func (s serviceBus) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return s.address(svc).Dot("endpoint").Tokens()
}

func (serviceBus) variables(manifest.Service) []variable { return nil }

func (serviceBus) posture(manifest.Service) []string {
	return []string{"Premium", "Microsoft Entra authentication only (no SAS keys)", "TLS 1.2 minimum", "firewall default action Deny, trusted services allowed"}
}

func (s serviceBus) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", s.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "sku", "Premium")
	hclgen.SetNumber(b, "capacity", 1)
	hclgen.SetNumber(b, "premium_messaging_partitions", 1)
	hclgen.SetBool(b, "local_auth_enabled", false)
	hclgen.SetString(b, "minimum_tls_version", "1.2")
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)

	// "If there are no IP and virtual network rules, all the traffic flows
	// into the namespace even if you set the defaultAction to deny": the
	// service-endpoint pattern always has the subnet rule.
	rs := hclgen.Nested(b, "network_rule_set")
	hclgen.SetString(rs, "default_action", "Deny")
	hclgen.SetBool(rs, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetBool(rs, "trusted_services_allowed", true)
	// The block is Optional and Computed, so it is always written; its
	// ip_rules and network_rules are Optional only
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/servicebus/servicebus_namespace_resource.go#L180-L230,
	// the same in v4.81.0): left out, they plan empty.
	if len(fw.ipRules) > 0 {
		hclgen.SetStrings(rs, "ip_rules", cidrs(fw.ipRules))
	}
	for _, subnet := range fw.subnets {
		rs.AppendNewBlock("network_rules", nil).Body().SetAttributeRaw("subnet_id", subnet)
	}
}

func (s serviceBus) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := s.address(svc)
	at, rs := a.Address(), a.Dot("network_rule_set")
	return []check{
		publicAccessCheck(a, fw),
		isBool(hclgen.Index(rs, 0, "public_network_access_enabled"), fw.publicAccess, at+" has the rule set's public network access as the namespace's."),
		denyCheck(a, hclgen.Index(rs, 0, "default_action")),
		w.subnetRulesCheck(a, hclgen.Splat(hclgen.Index(rs, 0, "network_rules"), "subnet_id"), fw),
		ipRulesCheck(a, hclgen.Index(rs, 0, "ip_rules"), cidrs(fw.ipRules)),
		isBool(a.Dot("local_auth_enabled").Tokens(), false, at+" accepts Microsoft Entra authentication only (no SAS keys)."),
		isString(a.Dot("minimum_tls_version").Tokens(), "1.2", at+" requires TLS 1.2 or newer."),
	}
}
