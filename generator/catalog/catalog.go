// Package catalog holds the Azure facts endpointgen relies on, as plain
// data: the service types a manifest may name, their azurerm resource and
// arguments, service endpoints, private-link sub-resources (group IDs) with
// their private DNS zones per cloud, the clouds and their regions, and the
// public source of each fact. It builds nothing and imports nothing else of
// the project (but the lazyregexp and spelling helpers); a new service type
// starts here.
package catalog

import (
	"slices"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
)

// Sources of the catalogue's Azure facts.
const (
	SrcDNS      = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns"
	SrcSE       = "https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview"
	SrcStorePE  = "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints"
	SrcProvider = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"
)

// Host kinds: what a service's host expression holds.
const (
	HostName = "host name"
	URI      = "URI"
	Endpoint = "endpoint"
)

// Service is what the catalogue says of one service type.
type Service struct {
	Type  string // manifest services[].type
	Title string // at the start of a line or sentence: "Storage account"
	// noun is Title inside a sentence where Microsoft Learn writes it in
	// lower case ("a storage account", "a key vault"); "" where Title
	// stays as it is ("a Cosmos DB account").
	noun     string
	Resource string // the azurerm resource type of the service itself
	HostKind string // HostName, URI or Endpoint: what clients are given
	// ServiceEndpoint is the subnet service endpoint, "" where the service
	// has none (private-endpoint only; NoServiceEndpoint says why).
	ServiceEndpoint, NoServiceEndpoint string
	Subresources                       []Subresource
	// DefaultSubresources get a private endpoint when the manifest names none.
	DefaultSubresources []string
	// PublicAccess and NetworkRules are the azurerm arguments that open or
	// close the public endpoint and hold its firewall rules.
	PublicAccess, NetworkRules string
	// NeedsTenant: the resource takes the tenant ID of the identity that
	// runs Terraform.
	NeedsTenant bool
	// ServiceEndpointNote is a limit of the service endpoint, "" if none.
	ServiceEndpointNote string
	// Requirement is a SKU or setting the patterns need, "" if none.
	Requirement string
	// Kinds are the account kinds a manifest may choose (DefaultKind when
	// it names none); nil for types without kinds.
	Kinds       []string
	DefaultKind string
	Name        NameRule
	// NameScope, when set, is shared by the types whose names are the
	// first label of host names in one domain (NAME.servicebus.…): one
	// name cannot serve two of them.
	NameScope string
	Sources   []string
}

// NameRule is Azure's rule for a service's name: a pattern, substrings and
// suffixes it must not contain, and the rule in words for messages.
type NameRule struct {
	Pattern  *lazyregexp.Regexp
	NoInfix  []string // substrings the name must not contain
	NoSuffix []string // endings the name must not have
	Text     string
}

// Valid reports whether name meets the rule.
func (r NameRule) Valid(name string) bool {
	if !r.Pattern.MatchString(name) {
		return false
	}
	for _, s := range r.NoInfix {
		if strings.Contains(name, s) {
			return false
		}
	}
	for _, s := range r.NoSuffix {
		if strings.HasSuffix(name, s) {
			return false
		}
	}
	return true
}

// Subresource is a private-link sub-resource (group ID) and its private DNS
// zones per cloud (most have one; Azure AI services register in three). A
// cloud missing from Zones has no confirmed zone: asking for the
// sub-resource there is an error, not a guess.
//
// Where the account's kind decides its host names (Azure AI services: an
// OpenAI account answers at *.openai.*, an AIServices account at three
// names), KindZones holds the zones per kind and cloud, and Zones those of
// every other kind.
type Subresource struct {
	Name      string
	Zones     map[Cloud][]string
	KindZones map[string]map[Cloud][]string
}

// ZonesFor returns the sub-resource's zones for an account of the kind in
// the cloud; none when no zone is confirmed for every host name the account
// answers at.
func (r Subresource) ZonesFor(kind string, cloud Cloud) []string {
	if z, ok := r.KindZones[kind]; ok {
		return z[cloud]
	}
	return r.Zones[cloud]
}

// Lookup returns the service type named typ.
func Lookup(typ string) (Service, bool) {
	s, ok := services[typ]
	return s, ok
}

// order is the order in which the manifest's schema and messages list the
// service types.
var order = []string{"storage", "key_vault", "sql_server", "cosmosdb", "servicebus", "eventhub",
	"container_registry", "cognitive_account", "postgresql_flexible", "mysql_flexible", "web_app"}

// Types lists the supported service types in the catalogue's order.
func Types() []string { return slices.Clone(order) }

// SortedTypes lists the supported service types by name.
func SortedTypes() []string {
	names := Types()
	sort.Strings(names)
	return names
}

// Noun is the service's name inside a sentence: "storage account" (as in
// "the storage account st01"), "Cosmos DB account".
func (s Service) Noun() string {
	if s.noun != "" {
		return s.noun
	}
	return s.Title
}

// Subresource returns the sub-resource of the service type by group ID.
func (s Service) Subresource(name string) (Subresource, bool) {
	for _, sub := range s.Subresources {
		if sub.Name == name {
			return sub, true
		}
	}
	return Subresource{}, false
}

// SubresourceNames lists the type's sub-resources (group IDs).
func (s Service) SubresourceNames() []string {
	var names []string
	for _, sub := range s.Subresources {
		names = append(names, sub.Name)
	}
	return names
}

// PrivateDNSZones returns the private DNS zones of a service type's
// sub-resource in a cloud, for an account of the kind ("" for types without
// kinds); false when the catalogue has none.
func PrivateDNSZones(typ, sub, kind string, cloud Cloud) ([]string, bool) {
	s, ok := services[typ]
	if !ok {
		return nil, false
	}
	r, ok := s.Subresource(sub)
	if !ok {
		return nil, false
	}
	z := r.ZonesFor(kind, cloud)
	return z, len(z) > 0
}

// zones3 builds a sub-resource's zones from the three clouds' names; an
// empty name leaves that cloud out.
func zones3(public, usgov, china string) map[Cloud][]string {
	z := map[Cloud][]string{}
	for cloud, name := range map[Cloud]string{Public: public, USGovernment: usgov, China: china} {
		if name != "" {
			z[cloud] = []string{name}
		}
	}
	return z
}

// AllPrivateDNSZones lists, sorted, every private DNS zone of every
// sub-resource in every cloud and account kind: the zones a hub can hold
// for endpointgen's workloads.
func AllPrivateDNSZones() []string {
	var all []string
	add := func(zones map[Cloud][]string) {
		for _, z := range zones {
			all = append(all, z...)
		}
	}
	for _, s := range services {
		for _, sub := range s.Subresources {
			add(sub.Zones)
			for _, kz := range sub.KindZones {
				add(kz)
			}
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}
