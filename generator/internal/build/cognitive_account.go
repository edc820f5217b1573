package build

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// cognitiveAccount is an Azure AI services account (azurerm_cognitive_account).
// Network rules need a custom subdomain ("custom_subdomain_name is required
// when network_acls is specified"), which is set to the account name.
type cognitiveAccount struct{}

// cognitiveBypass are the kinds whose network_acls accept a bypass
// (azurerm cognitive_account docs).
var cognitiveBypass = []string{"OpenAI", "AIServices", "TextAnalytics"}

func (cognitiveAccount) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_cognitive_account", names.Label(svc.Name)}
}

func (c cognitiveAccount) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return c.address(svc).Dot("endpoint").Tokens()
}

func (cognitiveAccount) variables(manifest.Service) []variable { return nil }

func (cognitiveAccount) posture(svc manifest.Service) []string {
	firewall := "firewall default action Deny"
	if slices.Contains(cognitiveBypass, svc.Kind) {
		firewall += ", trusted Azure services bypass"
	}
	return []string{"kind " + svc.Kind, "Microsoft Entra authentication only (no API keys)", firewall}
}

func (c cognitiveAccount) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", c.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "kind", svc.Kind)
	hclgen.SetString(b, "sku_name", "S0")
	hclgen.SetString(b, "custom_subdomain_name", svc.Name)
	hclgen.SetBool(b, "local_auth_enabled", false)
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)

	acls := hclgen.Nested(b, "network_acls")
	hclgen.SetString(acls, "default_action", "Deny")
	if slices.Contains(cognitiveBypass, svc.Kind) {
		hclgen.SetString(acls, "bypass", "AzureServices")
	}
	// ip_rules and virtual_network_rules are Optional, not Computed
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/cognitive/cognitive_account_resource.go#L227-L250,
	// the same in v4.81.0): left out, they plan empty.
	if len(fw.ipRules) > 0 {
		hclgen.SetStrings(acls, "ip_rules", fw.ipRules)
	}
	for _, subnet := range fw.subnets {
		acls.AppendNewBlock("virtual_network_rules", nil).Body().SetAttributeRaw("subnet_id", subnet)
	}
}

func (c cognitiveAccount) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := c.address(svc)
	acls := a.Dot("network_acls")
	return []check{
		publicAccessCheck(a, fw),
		denyCheck(a, hclgen.Index(acls, 0, "default_action")),
		w.subnetRulesCheck(a, hclgen.Splat(hclgen.Index(acls, 0, "virtual_network_rules"), "subnet_id"), fw),
		ipRulesCheck(a, hclgen.Index(acls, 0, "ip_rules"), fw.ipRules),
		isBool(a.Dot("local_auth_enabled").Tokens(), false, a.Address()+" accepts Microsoft Entra authentication only (no API keys)."),
	}
}
