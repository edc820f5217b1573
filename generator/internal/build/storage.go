package build

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// storage is an Azure Storage account (azurerm_storage_account).
type storage struct{}

// storageHosts maps a sub-resource to the account attribute holding its
// host name.
var storageHosts = map[string]string{
	"blob": "primary_blob_host", "file": "primary_file_host", "queue": "primary_queue_host",
	"table": "primary_table_host", "web": "primary_web_host", "dfs": "primary_dfs_host",
}

func (storage) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_storage_account", names.Label(svc.Name)}
}

func (s storage) host(_ *workload, svc manifest.Service, sub string) hclwrite.Tokens {
	return s.address(svc).Dot(storageHosts[sub]).Tokens()
}

// resources writes the account with the secure settings both patterns share.
func (s storage) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", s.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "account_kind", "StorageV2")
	hclgen.SetString(b, "account_tier", "Standard")
	hclgen.SetString(b, "account_replication_type", svc.Replication)
	hclgen.SetBool(b, "https_traffic_only_enabled", *svc.HTTPSTrafficOnlyEnabled)
	hclgen.SetString(b, "min_tls_version", svc.MinTLSVersion)
	hclgen.SetBool(b, "allow_nested_items_to_be_public", *svc.AllowNestedItemsToBePublic)
	// By default Entra ID only: no account keys, no SAS signed with them.
	// The provider authenticates its own data-plane calls with Entra ID too
	// (storage_use_azuread in providers.tf).
	hclgen.SetBool(b, "shared_access_key_enabled", *svc.SharedAccessKeyEnabled)
	hclgen.SetBool(b, "default_to_oauth_authentication", true)
	hclgen.SetBool(b, "infrastructure_encryption_enabled", *svc.InfrastructureEncryptionEnabled)
	// Data Lake Storage (dfs) needs the hierarchical namespace; it forces a
	// new account, so it is set from the start.
	if *svc.IsHNSEnabled {
		hclgen.SetBool(b, "is_hns_enabled", true)
	}
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)

	// The firewall always denies by default: "no restriction" is never
	// written by omission (https://github.com/hashicorp/terraform-provider-azurerm/pull/7462), and an allow-only rule set drifts
	// on every plan (https://github.com/hashicorp/terraform-provider-azurerm/issues/27860).
	nr := hclgen.Nested(b, "network_rules")
	hclgen.SetString(nr, "default_action", "Deny")
	hclgen.SetStrings(nr, "bypass", []string{"AzureServices"})
	// Both lists are written even when empty: they are Optional and
	// Computed (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/storage/storage_account_resource.go#L382-L401,
	// the same in v4.81.0), so leaving one out plans no change and keeps the
	// rules a migration phase means to drop.
	hclgen.SetStrings(nr, "ip_rules", fw.ipRules)
	hclgen.SetRaws(nr, "virtual_network_subnet_ids", fw.subnets...)
}

func (storage) variables(manifest.Service) []variable { return nil }

// seeds: rule lists the module never writes, planned only if it left the
// lists out (and Azure kept the old rules).
func (storage) seeds() []hclgen.ObjectAttr {
	const never = "/subscriptions/" + testSubscription + "/resourceGroups/rg-seed/providers/Microsoft.Network/virtualNetworks/vnet-seed/subnets/snet-left-out"
	return []hclgen.ObjectAttr{{Name: "network_rules", Value: hclgen.Object(
		hclgen.ObjectAttr{Name: "ip_rules", Value: hclgen.Strings([]string{"192.0.2.250"})},
		hclgen.ObjectAttr{Name: "virtual_network_subnet_ids", Value: hclgen.Strings([]string{never})},
	)}}
}

// posture lists the account's security settings for the README.
func (storage) posture(svc manifest.Service) []string {
	tls := strings.Replace(strings.TrimPrefix(svc.MinTLSVersion, "TLS"), "_", ".", 1)
	p := []string{
		"StorageV2",
		bold(*svc.HTTPSTrafficOnlyEnabled, "HTTPS only", "plain HTTP allowed"),
		bold(svc.MinTLSVersion == "TLS1_2", "TLS 1.2 minimum", "TLS "+tls+" allowed"),
		bold(!*svc.AllowNestedItemsToBePublic, "no anonymous blob access", "containers may allow anonymous read access"),
		bold(!*svc.SharedAccessKeyEnabled, "shared-key access disabled (Entra ID only)", "shared-key access enabled"),
		bold(*svc.InfrastructureEncryptionEnabled, "infrastructure (double) encryption", "no infrastructure encryption"),
		svc.Replication + " replication",
		// As the key vault's says: the bypass lets trusted Azure services
		// through the firewall (https://learn.microsoft.com/azure/storage/common/storage-network-security-trusted-azure-services).
		"firewall default action Deny, trusted Azure services bypass",
	}
	if *svc.IsHNSEnabled {
		p = append(p, "hierarchical namespace (Data Lake Storage; fixed at creation)")
	}
	return p
}

// checks: public access and firewall as the pattern says, exactly its
// rules (both lists are always written, so the plan holds them, empty
// included), and the posture settings with the manifest's values.
func (s storage) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := s.address(svc)
	at, rules := a.Address(), a.Dot("network_rules")
	checks := []check{
		publicAccessCheck(a, fw),
		denyCheck(a, hclgen.Index(rules, 0, "default_action")),
		isBool(a.Dot("default_to_oauth_authentication").Tokens(), true, at+" defaults to Microsoft Entra authentication."),
	}
	// The settings a manifest may opt out of, with its values.
	for _, set := range []struct {
		arg  string
		want bool
	}{
		{"https_traffic_only_enabled", *svc.HTTPSTrafficOnlyEnabled},
		{"allow_nested_items_to_be_public", *svc.AllowNestedItemsToBePublic},
		{"shared_access_key_enabled", *svc.SharedAccessKeyEnabled},
		{"infrastructure_encryption_enabled", *svc.InfrastructureEncryptionEnabled},
	} {
		checks = append(checks, isBool(a.Dot(set.arg).Tokens(), set.want, fmt.Sprintf("%s has %s = %t, as the manifest says.", at, set.arg, set.want)))
	}
	checks = append(checks, isString(a.Dot("min_tls_version").Tokens(), svc.MinTLSVersion, at+" has min_tls_version = "+svc.MinTLSVersion+", as the manifest says."))
	if *svc.IsHNSEnabled {
		checks = append(checks, isBool(a.Dot("is_hns_enabled").Tokens(), true, at+" has the hierarchical namespace Data Lake Storage (dfs) needs."))
	}
	return append(checks,
		w.subnetRulesCheck(a, hclgen.Index(rules, 0, "virtual_network_subnet_ids"), fw),
		ipRulesCheck(a, hclgen.Index(rules, 0, "ip_rules"), fw.ipRules))
}
