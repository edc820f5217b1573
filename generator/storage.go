package generator

import (
	"regexp"
	"strings"

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

func (storage) facts() serviceFacts {
	sub := func(name string) subresource {
		return subresource{name, zones3(
			"privatelink."+name+".core.windows.net",
			"privatelink."+name+".core.usgovcloudapi.net",
			"privatelink."+name+".core.chinacloudapi.cn")}
	}
	return serviceFacts{
		Type:            "storage",
		Title:           "Storage account",
		HostKind:        "host name",
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_rules block (default_action, bypass, ip_rules, virtual_network_subnet_ids)",
		Resource:        "azurerm_storage_account",
		ServiceEndpoint: "Microsoft.Storage",
		// One private endpoint per sub-resource: "You need a separate
		// private endpoint for each storage resource that you need to access".
		Subresources:        []subresource{sub("blob"), sub("file"), sub("queue"), sub("table"), sub("web"), sub("dfs")},
		DefaultSubresources: []string{"blob"},
		Requirement:         "StorageV2 (general-purpose v1 accounts take no private endpoint)",
		Sources:             []string{srcDNS, srcSE, srcStorePE, srcProvider + "storage_account"},
		nameRule:            regexp.MustCompile(`^[a-z0-9]{3,24}$`),
		nameText:            "storage account name: 3 to 24 lowercase letters and digits, unique across Azure",
	}
}

func (storage) address(svc Service) ref { return ref{"azurerm_storage_account", label(svc.Name)} }

func (s storage) host(_ *workload, svc Service, sub string) hclwrite.Tokens {
	return s.address(svc).dot(storageHosts[sub]).tokens()
}

// resources writes the account with the secure settings both patterns share.
func (s storage) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", s.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "account_kind", "StorageV2")
	setString(b, "account_tier", "Standard")
	setString(b, "account_replication_type", svc.Replication)
	setBool(b, "https_traffic_only_enabled", *svc.HTTPSTrafficOnlyEnabled)
	setString(b, "min_tls_version", svc.MinTLSVersion)
	setBool(b, "allow_nested_items_to_be_public", *svc.AllowNestedItemsToBePublic)
	// By default Entra ID only: no account keys, no SAS signed with them.
	// The provider authenticates its own data-plane calls with Entra ID too
	// (storage_use_azuread in providers.tf).
	setBool(b, "shared_access_key_enabled", *svc.SharedAccessKeyEnabled)
	setBool(b, "default_to_oauth_authentication", true)
	setBool(b, "infrastructure_encryption_enabled", *svc.InfrastructureEncryptionEnabled)
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)

	// The firewall always denies by default: "no restriction" is never
	// written by omission (pitfalls.md #2), and an allow-only rule set drifts
	// on every plan (#3).
	nr := nested(b, "network_rules")
	setString(nr, "default_action", "Deny")
	setStrings(nr, "bypass", []string{"AzureServices"})
	if len(fw.ipRules) > 0 {
		setStrings(nr, "ip_rules", fw.ipRules)
	}
	if len(fw.subnets) > 0 {
		setRaws(nr, "virtual_network_subnet_ids", fw.subnets...)
	}
}

func (storage) variables(Service) []variable { return nil }

// bold marks an opted-out secure default in the README.
func bold(secure bool, yes, no string) string {
	if secure {
		return yes
	}
	return "**" + no + "**"
}

// posture lists the account's security settings for the README.
func (storage) posture(svc Service) []string {
	tls := strings.Replace(strings.TrimPrefix(svc.MinTLSVersion, "TLS"), "_", ".", 1)
	return []string{
		"StorageV2",
		bold(*svc.HTTPSTrafficOnlyEnabled, "HTTPS only", "plain HTTP allowed"),
		bold(svc.MinTLSVersion == "TLS1_2", "TLS 1.2 minimum", "TLS "+tls+" allowed"),
		bold(!*svc.AllowNestedItemsToBePublic, "no anonymous blob access", "containers may allow anonymous read access"),
		bold(!*svc.SharedAccessKeyEnabled, "shared-key access disabled (Entra ID only)", "shared-key access enabled"),
		bold(*svc.InfrastructureEncryptionEnabled, "infrastructure (double) encryption", "no infrastructure encryption"),
		svc.Replication + " replication",
		"firewall default action Deny",
	}
}
