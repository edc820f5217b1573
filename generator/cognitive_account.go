package generator

import (
	"regexp"
	"slices"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// cognitiveAccount is an Azure AI services account (azurerm_cognitive_account).
// Network rules need a custom subdomain ("custom_subdomain_name is required
// when network_acls is specified"), which is set to the account name.
type cognitiveAccount struct{}

// cognitiveBypass are the kinds whose network_acls accept a bypass
// (azurerm cognitive_account docs).
var cognitiveBypass = []string{"OpenAI", "AIServices", "TextAnalytics"}

func (cognitiveAccount) facts() serviceFacts {
	return serviceFacts{
		Type:            "cognitive_account",
		Title:           "Azure AI services account",
		Resource:        "azurerm_cognitive_account",
		HostKind:        "endpoint",
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_acls block (default_action, bypass, ip_rules, virtual_network_rules { subnet_id }); needs custom_subdomain_name",
		ServiceEndpoint: "Microsoft.CognitiveServices",
		// One sub-resource, three zones in the public cloud; only the
		// cognitiveservices zone is listed for US Government, none for China.
		Subresources: []subresource{{"account", map[string][]string{
			CloudPublic:       {"privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com"},
			CloudUSGovernment: {"privatelink.cognitiveservices.azure.us"},
		}}},
		DefaultSubresources: []string{"account"},
		Requirement:         "a custom subdomain, set to the account name",
		Sources:             []string{srcDNS, srcSE, "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks", srcProvider + "cognitive_account"},
		// The name is also the custom subdomain: DNS label rules.
		nameRule: regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$`),
		nameText: "Azure AI services account name: 2 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen (it is also the custom subdomain); unique across Azure",
	}
}

func (cognitiveAccount) address(svc Service) ref {
	return ref{"azurerm_cognitive_account", label(svc.Name)}
}

func (c cognitiveAccount) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return c.address(svc).dot("endpoint").tokens()
}

func (cognitiveAccount) variables(Service) []variable { return nil }

func (cognitiveAccount) posture(svc Service) []string {
	return []string{"kind " + svc.Kind, "Microsoft Entra authentication only (no API keys)", "firewall default action Deny"}
}

func (c cognitiveAccount) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", c.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "kind", svc.Kind)
	setString(b, "sku_name", "S0")
	setString(b, "custom_subdomain_name", svc.Name)
	setBool(b, "local_auth_enabled", false)
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)

	acls := nested(b, "network_acls")
	setString(acls, "default_action", "Deny")
	if slices.Contains(cognitiveBypass, svc.Kind) {
		setString(acls, "bypass", "AzureServices")
	}
	if len(fw.ipRules) > 0 {
		setStrings(acls, "ip_rules", fw.ipRules)
	}
	for _, subnet := range fw.subnets {
		acls.AppendNewBlock("virtual_network_rules", nil).Body().SetAttributeRaw("subnet_id", subnet)
	}
}
