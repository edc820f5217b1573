package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// keyVault is an Azure Key Vault (azurerm_key_vault) with Azure RBAC for data
// access and purge protection on.
type keyVault struct{}

func (keyVault) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_key_vault", names.Label(svc.Name)}
}

// host is the vault's URI (https://NAME.vault.azure.net/ in the public cloud).
func (k keyVault) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return k.address(svc).Dot("vault_uri").Tokens()
}

func (k keyVault) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", k.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetRef(b, "tenant_id", clientConfig.Dot("tenant_id"))
	hclgen.SetString(b, "sku_name", "standard")
	// Azure RBAC, not access policies, decides who reads secrets; the
	// argument is required in azurerm 5.
	hclgen.SetBool(b, "rbac_authorization_enabled", true)
	hclgen.SetBool(b, "purge_protection_enabled", true)
	hclgen.SetNumber(b, "soft_delete_retention_days", 90)
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)

	acls := hclgen.Nested(b, "network_acls")
	hclgen.SetString(acls, "default_action", "Deny")
	hclgen.SetString(acls, "bypass", "AzureServices")
	// ip_rules and virtual_network_subnet_ids are Optional, not Computed
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/keyvault/key_vault_resource.go#L172-L194,
	// the same in v4.81.0): left out, they plan empty and a migration phase
	// drops the rules.
	if len(fw.ipRules) > 0 {
		hclgen.SetStrings(acls, "ip_rules", fw.ipRules)
	}
	if len(fw.subnets) > 0 {
		hclgen.SetRaws(acls, "virtual_network_subnet_ids", fw.subnets...)
	}
}

func (keyVault) variables(manifest.Service) []variable { return nil }

func (keyVault) posture(manifest.Service) []string {
	return []string{"Azure RBAC for data access", "purge protection", "90-day soft delete", "firewall default action Deny, trusted Azure services bypass"}
}

func (k keyVault) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := k.address(svc)
	at, acls := a.Address(), a.Dot("network_acls")
	return []check{
		publicAccessCheck(a, fw),
		denyCheck(a, hclgen.Index(acls, 0, "default_action")),
		w.subnetRulesCheck(a, hclgen.Index(acls, 0, "virtual_network_subnet_ids"), fw),
		ipRulesCheck(a, hclgen.Index(acls, 0, "ip_rules"), fw.ipRules),
		isBool(a.Dot("rbac_authorization_enabled").Tokens(), true, at+" authorizes data access with Azure RBAC."),
		isBool(a.Dot("purge_protection_enabled").Tokens(), true, at+" has purge protection."),
	}
}
