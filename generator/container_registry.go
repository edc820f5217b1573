package generator

import (
	"regexp"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// containerRegistry is a Premium Azure Container Registry
// (azurerm_container_registry). Private-endpoint only: azurerm 4 removed the
// registry's virtual-network rule ("network_rule_set.virtual_network …
// removed", 4.0 upgrade guide), so no service-endpoint pattern can be written.
type containerRegistry struct{}

func (containerRegistry) facts() serviceFacts {
	return serviceFacts{
		Type:         "container_registry",
		Title:        "Container registry",
		Resource:     "azurerm_container_registry",
		HostKind:     "host name",
		PublicAccess: "public_network_access_enabled",
		NetworkRules: "network_rule_set (IP rules only; no virtual-network rule in azurerm 4 or 5)",
		// The registry's data endpoints ({region}.data.privatelink.azurecr.io)
		// are records in the same zone: "do not deploy this as an
		// additional zone". China has no confirmed zone.
		Subresources:        []subresource{{"registry", zones3("privatelink.azurecr.io", "privatelink.azurecr.us", "")}},
		DefaultSubresources: []string{"registry"},
		Requirement:         "Premium SKU; private-endpoint only",
		NoServiceEndpoint:   "azurerm 4 and 5 have no virtual-network rule for registries (removed in 4.0), so the service-endpoint pattern cannot be written",
		Sources:             []string{srcDNS, "https://learn.microsoft.com/azure/container-registry/container-registry-private-link", srcProvider + "container_registry"},
		// azurerm containers/validate/container_registry_name.go
		nameRule: regexp.MustCompile(`^[a-zA-Z0-9]{5,50}$`),
		nameText: "container registry name: 5 to 50 letters and digits; unique across Azure",
	}
}

func (containerRegistry) address(svc Service) ref {
	return ref{"azurerm_container_registry", label(svc.Name)}
}

func (c containerRegistry) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return c.address(svc).dot("login_server").tokens()
}

func (containerRegistry) variables(Service) []variable { return nil }

func (containerRegistry) posture(Service) []string {
	return []string{"Premium", "admin user disabled (Microsoft Entra only)", "no anonymous pull"}
}

func (c containerRegistry) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", c.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "sku", "Premium")
	setBool(b, "admin_enabled", false)
	setBool(b, "anonymous_pull_enabled", false)
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)
}
