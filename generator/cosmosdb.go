package generator

import (
	"regexp"
	"slices"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// cosmosDB is an Azure Cosmos DB account (azurerm_cosmosdb_account). The API
// follows from the sub-resources: MongoDB makes a MongoDB account, Cassandra,
// Gremlin and Table add their capability, Sql is the default (NoSQL).
type cosmosDB struct{}

func (cosmosDB) facts() serviceFacts {
	sub := func(name, public, usgov, china string) subresource {
		return subresource{name, zones3(public, usgov, china)}
	}
	return serviceFacts{
		Type:            "cosmosdb",
		Title:           "Cosmos DB account",
		Resource:        "azurerm_cosmosdb_account",
		HostKind:        "endpoint",
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "is_virtual_network_filter_enabled, virtual_network_rule { id }, ip_range_filter",
		ServiceEndpoint: "Microsoft.AzureCosmosDB",
		Subresources: []subresource{
			sub("Sql", "privatelink.documents.azure.com", "privatelink.documents.azure.us", "privatelink.documents.azure.cn"),
			sub("MongoDB", "privatelink.mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.us", "privatelink.mongo.cosmos.azure.cn"),
			sub("Cassandra", "privatelink.cassandra.cosmos.azure.com", "privatelink.cassandra.cosmos.azure.us", "privatelink.cassandra.cosmos.azure.cn"),
			sub("Gremlin", "privatelink.gremlin.cosmos.azure.com", "privatelink.gremlin.cosmos.azure.us", "privatelink.gremlin.cosmos.azure.cn"),
			sub("Table", "privatelink.table.cosmos.azure.com", "privatelink.table.cosmos.azure.us", "privatelink.table.cosmos.azure.cn"),
		},
		DefaultSubresources: []string{"Sql"},
		Sources:             []string{srcDNS, srcSE, "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints", srcProvider + "cosmosdb_account"},
		// azurerm cosmos/validate/cosmos.go
		nameRule: regexp.MustCompile(`^[-a-z0-9]{3,50}$`),
		nameText: "Cosmos DB account name: 3 to 50 lowercase letters, digits and hyphens; unique across Azure",
	}
}

func (cosmosDB) address(svc Service) ref { return ref{"azurerm_cosmosdb_account", label(svc.Name)} }

func (c cosmosDB) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return c.address(svc).dot("endpoint").tokens()
}

func (cosmosDB) variables(Service) []variable { return nil }

func (cosmosDB) posture(Service) []string {
	return []string{"Microsoft Entra authentication only (no account keys)", "TLS 1.2 minimum", "session consistency, one region"}
}

// capabilities maps a sub-resource to the account capability its API needs.
var cosmosCapabilities = map[string]string{"Cassandra": "EnableCassandra", "Gremlin": "EnableGremlin", "Table": "EnableTable"}

func (c cosmosDB) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", c.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "offer_type", "Standard")
	kind := "GlobalDocumentDB"
	if slices.Contains(svc.Subresources, "MongoDB") {
		kind = "MongoDB"
	}
	setString(b, "kind", kind)
	setBool(b, "local_authentication_enabled", false)
	setString(b, "minimal_tls_version", "Tls12")
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	if len(fw.subnets) > 0 {
		setBool(b, "is_virtual_network_filter_enabled", true)
	}
	if len(fw.ipRules) > 0 {
		// azurerm 4 and 5 take a set of CIDRs.
		setStrings(b, "ip_range_filter", cidrs(fw.ipRules))
	}
	setRef(b, "tags", tagsVar)

	cp := nested(b, "consistency_policy")
	setString(cp, "consistency_level", "Session")
	gl := nested(b, "geo_location")
	gl.SetAttributeRaw("location", w.net.rgLocation)
	gl.SetAttributeValue("failover_priority", ctyNumber(0))
	for _, sub := range svc.Subresources {
		if cap, ok := cosmosCapabilities[sub]; ok {
			setString(nested(b, "capabilities"), "name", cap)
		}
	}
	for _, subnet := range fw.subnets {
		nested(b, "virtual_network_rule").SetAttributeRaw("id", subnet)
	}
}
