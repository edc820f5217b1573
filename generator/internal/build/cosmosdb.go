package build

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// cosmosDB is an Azure Cosmos DB account (azurerm_cosmosdb_account). Its API
// follows from the sub-resources (catalog.CosmosAPIs): MongoDB makes a
// MongoDB account, Cassandra, Gremlin and Table add their capability, Sql
// alone is the API for NoSQL (the default).
type cosmosDB struct{}

func (cosmosDB) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_cosmosdb_account", names.Label(svc.Name)}
}

// host is the account's endpoint for the API for NoSQL (and Gremlin and
// Table accounts, which answer there too); for another API, its own host,
// NAME.mongo.cosmos.azure.com and so on, which azurerm exports no attribute
// for: the name of the API's private DNS zone without "privatelink.", as
// each endpoint registers there.
func (c cosmosDB) host(w *workload, svc manifest.Service, sub string) hclwrite.Tokens {
	if sub == "Sql" {
		api := catalog.CosmosAccountAPI(svc.Subresources)
		if api.Kind == catalog.CosmosAPIs["Sql"].Kind && (api.Capability == "" || api.WithSql) {
			return c.address(svc).Dot("endpoint").Tokens()
		}
		for _, s := range svc.Subresources { // the account's own API
			if s != "Sql" {
				sub = s
			}
		}
	}
	zones, _ := catalog.PrivateDNSZones("cosmosdb", sub, "", w.Cloud)
	if len(zones) == 0 {
		return c.address(svc).Dot("endpoint").Tokens()
	}
	return hclgen.Literal(svc.Name + "." + strings.TrimPrefix(zones[0], "privatelink."))
}

func (cosmosDB) variables(manifest.Service) []variable { return nil }

func (cosmosDB) posture(svc manifest.Service) []string {
	auth := "Microsoft Entra authentication only (no account keys)"
	if !catalog.CosmosAccountAPI(svc.Subresources).EntraOnly {
		auth = "**account keys stay on** (only the API for NoSQL can turn local authentication off)"
	}
	return []string{auth, "databases and containers change through Resource Manager only (no metadata writes with account keys)", "TLS 1.2 minimum", "session consistency, one region"}
}

func (c cosmosDB) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", c.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "offer_type", "Standard")
	api := catalog.CosmosAccountAPI(svc.Subresources)
	hclgen.SetString(b, "kind", api.Kind)
	if api.ServerVersion != "" {
		hclgen.SetString(b, "mongo_server_version", api.ServerVersion)
	}
	// Only the API for NoSQL can turn account keys off; Azure rejects
	// disableLocalAuth on the other APIs.
	hclgen.SetBool(b, "local_authentication_enabled", !api.EntraOnly)
	// Control-plane changes (databases, containers, throughput) go through
	// Resource Manager, never with account keys, for every API
	// (Azure.Cosmos.DisableMetadataWrite; "Prevent changes from the Azure
	// Cosmos DB SDKs", https://learn.microsoft.com/azure/cosmos-db/role-based-access-control).
	hclgen.SetBool(b, "access_key_metadata_writes_enabled", false)
	hclgen.SetString(b, "minimal_tls_version", "Tls12")
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	if len(fw.subnets) > 0 {
		hclgen.SetBool(b, "is_virtual_network_filter_enabled", true)
	}
	// ip_range_filter and virtual_network_rule are Optional, not Computed
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/cosmos/cosmosdb_account_resource.go#L308,
	// #L459, the same in v4.81.0): left out, they plan empty.
	if len(fw.ipRules) > 0 {
		// azurerm 4 and 5 take a set of CIDRs.
		hclgen.SetStrings(b, "ip_range_filter", cidrs(fw.ipRules))
	}
	hclgen.SetRef(b, "tags", tagsVar)

	cp := hclgen.Nested(b, "consistency_policy")
	hclgen.SetString(cp, "consistency_level", "Session")
	gl := hclgen.Nested(b, "geo_location")
	gl.SetAttributeRaw("location", w.net.rgLocation)
	hclgen.SetNumber(gl, "failover_priority", 0)
	if api.Capability != "" {
		hclgen.SetString(hclgen.Nested(b, "capabilities"), "name", api.Capability)
	}

	for _, subnet := range fw.subnets {
		hclgen.Nested(b, "virtual_network_rule").SetAttributeRaw("id", subnet)
	}
}

func (c cosmosDB) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := c.address(svc)
	at := a.Address()
	checks := []check{
		publicAccessCheck(a, fw),
		c.localAuthCheck(a, svc),
		isBool(a.Dot("access_key_metadata_writes_enabled").Tokens(), false, at+" takes no metadata writes with account keys."),
		isString(a.Dot("minimal_tls_version").Tokens(), "Tls12", at+" requires TLS 1.2 or newer."),
		w.subnetRulesCheck(a, hclgen.Splat(a.Dot("virtual_network_rule").Tokens(), "id"), fw),
		ipRulesCheck(a, a.Dot("ip_range_filter").Tokens(), cidrs(fw.ipRules)),
	}
	if len(fw.subnets) > 0 {
		checks = append(checks, isBool(a.Dot("is_virtual_network_filter_enabled").Tokens(), true, at+" filters by virtual network."))
	}
	return checks
}

// localAuthCheck: account keys are off for the API for NoSQL and stay on
// for the other APIs, which Azure does not let turn them off.
func (cosmosDB) localAuthCheck(a hclgen.Ref, svc manifest.Service) check {
	if catalog.CosmosAccountAPI(svc.Subresources).EntraOnly {
		return isBool(a.Dot("local_authentication_enabled").Tokens(), false, a.Address()+" accepts Microsoft Entra authentication only (no account keys).")
	}
	return isBool(a.Dot("local_authentication_enabled").Tokens(), true, a.Address()+" keeps account keys on: its API cannot turn local authentication off.")
}
