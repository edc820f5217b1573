package build

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// cosmosDB is an Azure Cosmos DB account (azurerm_cosmosdb_account). The API
// follows from the sub-resources: MongoDB makes a MongoDB account, Cassandra,
// Gremlin and Table add their capability, Sql is the default (NoSQL).
type cosmosDB struct{}

func (cosmosDB) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_cosmosdb_account", hclgen.Label(svc.Name)}
}

func (c cosmosDB) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return c.address(svc).Dot("endpoint").Tokens()
}

func (cosmosDB) variables(manifest.Service) []variable { return nil }

func (cosmosDB) posture(manifest.Service) []string {
	return []string{"Microsoft Entra authentication only (no account keys)", "TLS 1.2 minimum", "session consistency, one region"}
}

// capabilities maps a sub-resource to the account capability its API needs.
var cosmosCapabilities = map[string]string{"Cassandra": "EnableCassandra", "Gremlin": "EnableGremlin", "Table": "EnableTable"}

func (c cosmosDB) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	b := f.Block("resource", c.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "offer_type", "Standard")
	kind := "GlobalDocumentDB"
	if slices.Contains(svc.Subresources, "MongoDB") {
		kind = "MongoDB"
	}
	hclgen.SetString(b, "kind", kind)
	hclgen.SetBool(b, "local_authentication_enabled", false)
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
	gl.SetAttributeValue("failover_priority", cty.NumberIntVal(0))
	for _, sub := range svc.Subresources {
		if cap, ok := cosmosCapabilities[sub]; ok {
			hclgen.SetString(hclgen.Nested(b, "capabilities"), "name", cap)
		}
	}
	for _, subnet := range fw.subnets {
		hclgen.Nested(b, "virtual_network_rule").SetAttributeRaw("id", subnet)
	}
}
