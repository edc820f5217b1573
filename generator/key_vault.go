package generator

import (
	"regexp"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// keyVault is an Azure Key Vault (azurerm_key_vault) with Azure RBAC for data
// access and purge protection on.
type keyVault struct{}

func (keyVault) facts() serviceFacts {
	return serviceFacts{
		Type:            "key_vault",
		Title:           "Key Vault",
		HostKind:        "URI",
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_acls block (default_action, bypass, ip_rules, virtual_network_subnet_ids)",
		Resource:        "azurerm_key_vault",
		ServiceEndpoint: "Microsoft.KeyVault",
		Subresources: []subresource{{"vault", zones3(
			"privatelink.vaultcore.azure.net",
			"privatelink.vaultcore.usgovcloudapi.net",
			"privatelink.vaultcore.azure.cn")}},
		DefaultSubresources: []string{"vault"},
		NeedsTenant:         true,
		Sources:             []string{srcDNS, srcSE, srcProvider + "key_vault"},
		// azurerm internal/services/keyvault/validate/vault_name.go; "--"
		// is rejected separately (validate.go).
		nameRule: regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$`),
		nameText: "Key Vault name: 3 to 24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, without \"--\"; unique across Azure",
	}
}

func (keyVault) address(svc Service) ref { return ref{"azurerm_key_vault", label(svc.Name)} }

// host is the vault's URI (https://NAME.vault.azure.net/ in the public cloud).
func (k keyVault) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return k.address(svc).dot("vault_uri").tokens()
}

func (k keyVault) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", k.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setRef(b, "tenant_id", clientConfig.dot("tenant_id"))
	setString(b, "sku_name", "standard")
	// Azure RBAC, not access policies, decides who reads secrets; the
	// argument is required in azurerm 5.
	setBool(b, "rbac_authorization_enabled", true)
	setBool(b, "purge_protection_enabled", true)
	b.SetAttributeValue("soft_delete_retention_days", ctyNumber(90))
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)

	acls := nested(b, "network_acls")
	setString(acls, "default_action", "Deny")
	setString(acls, "bypass", "AzureServices")
	if len(fw.ipRules) > 0 {
		setStrings(acls, "ip_rules", fw.ipRules)
	}
	if len(fw.subnets) > 0 {
		setRaws(acls, "virtual_network_subnet_ids", fw.subnets...)
	}
}

func (keyVault) variables(Service) []variable { return nil }

func (keyVault) posture(Service) []string {
	return []string{"Azure RBAC for data access", "purge protection", "90-day soft delete", "firewall default action Deny, trusted Azure services bypass"}
}
