package manifest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// storageOnly are the fields only a storage account has.
var storageOnly = []string{"replication", "https_traffic_only_enabled", "min_tls_version", "allow_nested_items_to_be_public", "infrastructure_encryption_enabled", "shared_access_key_enabled", "is_hns_enabled"}

func (c *checker) service(m *Manifest, i int) {
	s := &m.Services[i]
	path := fmt.Sprintf("services[%d]", i)
	f, ok := s.Type.Facts()
	if !ok {
		return // the decoder has reported the type
	}
	if _, given := c.pos[path+".name"]; given && !f.Name.Valid(s.Name) {
		c.errorf(path+".name", "Invalid name", "%q is not a valid %s.", s.Name, f.Name.Text)
	}
	if len(f.Kinds) == 0 {
		c.notApplicable(path+".kind", "kind is the kind of an Azure AI services account (type: cognitive_account); "+string(s.Type)+" has none.")
	}
	if s.Type != "sql_server" {
		c.notApplicable(path+".outbound_network_restriction_enabled", "outbound_network_restriction_enabled is a setting of SQL servers (type: sql_server); "+string(s.Type)+" has no such field.")
	}
	if s.Type != "storage" {
		for _, field := range storageOnly {
			c.notApplicable(path+"."+field, field+" is a setting of storage accounts; "+string(s.Type)+" has no such field.")
		}
	}

	// "Data Lake Storage capabilities ... require a hierarchical namespace",
	// chosen when the account is created
	// (https://learn.microsoft.com/azure/storage/blobs/data-lake-storage-namespace):
	// a dfs endpoint on an account without one answers, but directories and
	// ACLs fail. Checked in both patterns: a service-endpoint account keeps
	// the namespace it will migrate with.
	if s.Type == "storage" && s.IsHNSEnabled != nil && !*s.IsHNSEnabled && slices.Contains(s.Subresources, "dfs") {
		c.errorf(path+".is_hns_enabled", "dfs without a hierarchical namespace",
			"is_hns_enabled: false contradicts dfs in subresources: Data Lake Storage needs the hierarchical namespace, which is fixed when the account is created. Remove is_hns_enabled (dfs turns it on) or remove dfs.")
	}
	// The sub-resources choose a Cosmos DB account's API in both patterns
	// (a service-endpoint account keeps the API it will migrate with).
	if s.Type == "cosmosdb" {
		c.cosmosAPI(path, s.Subresources)
	}

	migrating := m.Phase != PhaseNone
	if m.Pattern == PatternServiceEndpoint {
		if !migrating {
			c.migrationOnly(path+".subresources", "subresources", subresourcesOnServiceEndpoint(s.Type))
			// Checked now, not only when migrate reads them.
			for j, sub := range s.Subresources {
				if _, ok := f.Subresource(sub); !ok && sub != "" {
					c.errorf(fmt.Sprintf("%s.subresources[%d]", path, j), "Unsupported sub-resource", "%s has no sub-resource %q.%s Allowed: %s.", f.Title, sub, suggest(sub, f.SubresourceNames()), strings.Join(f.SubresourceNames(), ", "))
				}
			}
		}
		if f.ServiceEndpoint == "" {
			c.errorf(path+".type", "No service endpoint", "%s: %s; use pattern: private-endpoint.", f.Title, f.NoServiceEndpoint)
		}
		s.AllowedIPRanges = c.ipRanges(path+".allowed_ip_ranges", f.Noun()+" "+s.Name, s.AllowedIPRanges)
		// Firewall rules exist in the pattern and up to the add phase.
		if s.Type == "sql_server" && (m.Phase == PhaseNone || m.Phase == PhaseAdd) {
			c.sqlFirewallSize(path+".allowed_ip_ranges", s.AllowedIPRanges)
		}
	}
	if m.PrivateEndpoints() {
		if !migrating {
			c.notApplicable(path+".allowed_ip_ranges", "allowed_ip_ranges open the public endpoint, which pattern: private-endpoint disables; remove them or use pattern: service-endpoint.")
		}
		have := map[string]bool{}
		for j, sub := range s.Subresources {
			at := fmt.Sprintf("%s.subresources[%d]", path, j)
			r, ok := f.Subresource(sub)
			switch {
			case sub == "":
			case !ok:
				c.errorf(at, "Unsupported sub-resource", "%s has no sub-resource %q.%s Allowed: %s.", f.Title, sub, suggest(sub, f.SubresourceNames()), strings.Join(f.SubresourceNames(), ", "))
			case len(r.ZonesFor(s.Kind, m.Cloud)) == 0 && s.Kind != "":
				c.errorf(at, "No private DNS zone in this cloud", "No confirmed private DNS zone exists in the %s cloud for every host name of a kind %s %s (%s), so endpointgen does not guess one: a name without its zone would resolve to the public endpoint, which the private endpoint closes. Kinds with a zone there: %s.", m.Cloud, s.Kind, f.Title, sub, strings.Join(kindsWithZones(f, r, m.Cloud), ", "))
			case len(r.ZonesFor(s.Kind, m.Cloud)) == 0:
				c.errorf(at, "No private DNS zone in this cloud", "No confirmed private DNS zone exists for %s %s in the %s cloud, so endpointgen does not guess one.", f.Noun(), sub, m.Cloud)
			case have[sub]:
				c.errorf(at, "Duplicate sub-resource", "%q is listed twice; each sub-resource gets one private endpoint.", sub)
			}
			have[sub] = true
		}
		if len(s.Subresources) == 0 {
			c.errorf(path+".subresources"+keySuffix, "No sub-resources", "List at least one of %s, or leave subresources out for the default.", strings.Join(f.SubresourceNames(), ", "))
		}
		// "If you create a private endpoint for the Data Lake Storage storage
		// resource, then you should also create one for the Blob Storage
		// resource." (Microsoft Learn,
		// https://learn.microsoft.com/azure/storage/common/storage-private-endpoints)
		if have["dfs"] && !have["blob"] {
			c.warnf(path+".subresources", "dfs without blob", "Data Lake Storage (dfs) operations also call the blob endpoint; add blob to subresources so both resolve privately.")
		}
	}
}

// cosmosAPI checks that a Cosmos DB account's sub-resources name one API:
// an account has one, chosen when it is created, and only Gremlin and Table
// accounts also answer on the Sql endpoint (catalog.CosmosAPIs).
func (c *checker) cosmosAPI(path string, subs []string) {
	first, firstAt := "", 0
	for j, sub := range subs {
		api, ok := catalog.CosmosAPIs[sub]
		if !ok || first == "" {
			if ok {
				first, firstAt = sub, j
			}
			continue
		}
		other := catalog.CosmosAPIs[first]
		switch {
		case sub == first:
		case first == "Sql" && api.WithSql, sub == "Sql" && other.WithSql:
		case first == "Sql" || sub == "Sql":
			api := sub
			if sub == "Sql" {
				api = first
			}
			c.errorf(fmt.Sprintf("%s.subresources[%d]", path, j), "One API per Cosmos DB account",
				"subresources[%d] %s and subresources[%d] %s: a %s account has only the %s endpoint; Sql (the API for NoSQL) pairs only with Gremlin or Table. Use one account per API.",
				firstAt, first, j, sub, api, api)
		default:
			c.errorf(fmt.Sprintf("%s.subresources[%d]", path, j), "One API per Cosmos DB account",
				"subresources[%d] %s and subresources[%d] %s are two APIs, and a Cosmos DB account has one, chosen when it is created. Use one account per API.",
				firstAt, first, j, sub)
		}
		if first == "Sql" && sub != "Sql" {
			first, firstAt = sub, j // Sql then an API: later ones must match the API
		}
	}
}

// kindsWithZones lists the kinds of a service whose sub-resource has zones in
// the cloud, or "none".
func kindsWithZones(f catalog.Service, r catalog.Subresource, cloud catalog.Cloud) []string {
	var kinds []string
	for _, k := range f.Kinds {
		if len(r.ZonesFor(k, cloud)) > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return []string{"none"}
	}
	return kinds
}

// sqlFirewallSize warns when a SQL server's firewall rules together admit 10
// addresses or more: every address in them reaches the server's public
// endpoint (Azure.SQL.FirewallIPRange,
// https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.SQL.FirewallIPRange/).
func (c *checker) sqlFirewallSize(path string, ranges []string) {
	total := 0
	for _, r := range ranges {
		if p := asPrefix(r); p.Addr().Is4() {
			total += 1 << (32 - p.Bits())
		}
		if total >= 1<<24 {
			break // enough to say it is too many, without overflow
		}
	}
	if total >= 10 {
		c.warnf(path, "Wide SQL firewall", "The SQL firewall rules admit %d addresses together; keep them to fewer than 10 (single addresses or small ranges of the clients that need the public endpoint) or reach the server through a private endpoint.", total)
	}
}

// mustFacts is the catalogue's entry for a service whose type is known.
func mustFacts(s Service) catalog.Service {
	f, _ := s.Type.Facts()
	return f
}

// subresourcesOnServiceEndpoint is the warning for subresources on a
// service-endpoint manifest: they choose the endpoints migrate adds, and for
// storage and Cosmos DB also what generate creates the account with, which
// cannot change later.
func subresourcesOnServiceEndpoint(t ServiceType) string {
	const endpoints = "subresources choose the private endpoints that endpointgen migrate adds; generate adds none for pattern: service-endpoint."
	const fixed = " Set them before the first apply: changing them afterwards would replace the account, and endpointgen migrate refuses to."
	switch t {
	case "cosmosdb":
		return endpoints + " They also choose the Cosmos DB account's API (Table, MongoDB, Cassandra or Gremlin; Sql alone is the API for NoSQL), fixed when the account is created." + fixed
	case "storage":
		return endpoints + " With dfs they also turn on the storage account's hierarchical namespace (is_hns_enabled), fixed when the account is created." + fixed
	}
	return ""
}
