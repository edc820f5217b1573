package generator

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// Clouds the manifest's cloud field selects; each is also the azurerm
// provider's environment value.
const (
	CloudPublic       = "public"
	CloudUSGovernment = "usgovernment"
	CloudChina        = "china"
)

// Sources of the catalogue's Azure facts.
const (
	srcDNS      = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns"
	srcSE       = "https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview"
	srcStorePE  = "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints"
	srcProvider = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/"
)

// serviceType is one kind of PaaS resource the manifest's services[].type
// names. Each lives in a file of its own (storage.go, key_vault.go, …).
type serviceType interface {
	facts() serviceFacts
	// resources writes the service's resources into f, reached as fw says.
	resources(w *workload, svc Service, fw firewall, f *hclFile)
	// address is the service's main resource.
	address(svc Service) ref
	// host is the expression of the name clients use to reach a
	// sub-resource; inside the VNet it resolves to the private endpoint.
	host(w *workload, svc Service, sub string) hclwrite.Tokens
	// variables are inputs the service needs (none for most).
	variables(svc Service) []variable
	// posture describes the service's security settings for the README,
	// in bold where the manifest opted out of a secure default.
	posture(svc Service) []string
}

// serviceFacts is what the catalogue says of a service type.
type serviceFacts struct {
	Type     string // manifest services[].type
	Title    string
	Resource string // the azurerm resource type of the service itself
	HostKind string // what host() gives: "host name" or "URI"
	// ServiceEndpoint is the subnet service endpoint, "" where the service
	// has none (private-endpoint only; NoServiceEndpoint says why).
	ServiceEndpoint, NoServiceEndpoint string
	Subresources                       []subresource
	// DefaultSubresources get a private endpoint when the manifest names none.
	DefaultSubresources []string
	// PublicAccess and NetworkRules are the azurerm arguments that open or
	// close the public endpoint and hold its firewall rules.
	PublicAccess, NetworkRules string
	// NeedsTenant: the resource takes the tenant ID
	// (data.azurerm_client_config.current, written once in main.tf).
	NeedsTenant bool
	// ServiceEndpointNote is a limit of the service endpoint, "" if none.
	ServiceEndpointNote string
	// Requirement is a SKU or setting the patterns need, "" if none.
	Requirement string
	Sources     []string
	nameRule    *regexp.Regexp
	nameText    string // the naming rule in words, for messages
}

// subresource is a private-link sub-resource (group ID) and its private DNS
// zones per cloud (most have one; Azure AI services register in three). A
// cloud missing from Zones has no confirmed zone: asking for the
// sub-resource there is an error, not a guess.
type subresource struct {
	Name  string
	Zones map[string][]string
}

// serviceTypes holds every supported service type by manifest name.
var serviceTypes = map[string]serviceType{
	"storage":             storage{},
	"key_vault":           keyVault{},
	"sql_server":          sqlServer{},
	"cosmosdb":            cosmosDB{},
	"servicebus":          serviceBus{},
	"eventhub":            eventHubs{},
	"container_registry":  containerRegistry{},
	"cognitive_account":   cognitiveAccount{},
	"postgresql_flexible": postgresFlexible{},
	"mysql_flexible":      mysqlFlexible{},
	"web_app":             webApp{},
}

// hostSuffix names the output that carries host(): _fqdn, _uri or
// _endpoint, after what it holds.
func hostSuffix(st serviceType) string {
	switch st.facts().HostKind {
	case "URI":
		return "uri"
	case "endpoint":
		return "endpoint"
	}
	return "fqdn"
}

// serviceTypeNames is the sorted list of supported types, for messages.
func serviceTypeNames() []string {
	names := make([]string, 0, len(serviceTypes))
	for n := range serviceTypes {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// PrivateDNSZones returns the private DNS zones of a service type's
// sub-resource in a cloud, as the catalogue holds them; false when the
// catalogue has none.
func PrivateDNSZones(serviceType, sub, cloud string) ([]string, bool) {
	r, ok := subresourceOf(serviceType, sub)
	if !ok || len(r.Zones[cloud]) == 0 {
		return nil, false
	}
	return r.Zones[cloud], true
}

// subresourceOf returns a service type's sub-resource by group ID.
func subresourceOf(typ, name string) (subresource, bool) {
	st, ok := serviceTypes[typ]
	if !ok {
		return subresource{}, false
	}
	for _, s := range st.facts().Subresources {
		if s.Name == name {
			return s, true
		}
	}
	return subresource{}, false
}

func subresourceNames(typ string) []string {
	var names []string
	if st, ok := serviceTypes[typ]; ok {
		for _, s := range st.facts().Subresources {
			names = append(names, s.Name)
		}
	}
	return names
}

// zones3 builds a sub-resource's zones from the three clouds' names; an
// empty name leaves that cloud out.
func zones3(public, usgov, china string) map[string][]string {
	z := map[string][]string{}
	for cloud, name := range map[string]string{CloudPublic: public, CloudUSGovernment: usgov, CloudChina: china} {
		if name != "" {
			z[cloud] = []string{name}
		}
	}
	return z
}

// CatalogText renders the service catalogue for endpointgen catalog: per
// service type its azurerm resource and arguments, service endpoint,
// private-link sub-resources with their private DNS zone per cloud, and the
// sources of those facts.
func CatalogText() []byte {
	var b bytes.Buffer
	for i, name := range serviceTypeNames() {
		f := serviceTypes[name].facts()
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %s (%s)\n", f.Type, f.Title, f.Resource)
		se := f.ServiceEndpoint
		if se == "" {
			se = "none (private-endpoint only)"
		}
		fmt.Fprintf(&b, "  service endpoint:  %s\n", se)
		fmt.Fprintf(&b, "  public access:     %s\n", f.PublicAccess)
		fmt.Fprintf(&b, "  network rules:     %s\n", f.NetworkRules)
		if f.Requirement != "" {
			fmt.Fprintf(&b, "  requirement:       %s\n", f.Requirement)
		}
		if f.ServiceEndpointNote != "" {
			fmt.Fprintf(&b, "  service endpoint:  %s\n", f.ServiceEndpointNote)
		}
		fmt.Fprintf(&b, "  default:           %s\n", strings.Join(f.DefaultSubresources, ", "))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  sub-resource\t"+CloudPublic+"\t"+CloudUSGovernment+"\t"+CloudChina)
		for _, sub := range f.Subresources {
			row := []string{"  " + sub.Name}
			for _, cloud := range []string{CloudPublic, CloudUSGovernment, CloudChina} {
				z := strings.Join(sub.Zones[cloud], ", ")
				if z == "" {
					z = "(none confirmed)"
				}
				row = append(row, z)
			}
			fmt.Fprintln(tw, strings.Join(row, "\t"))
		}
		tw.Flush()
		for _, src := range f.Sources {
			fmt.Fprintf(&b, "  source: %s\n", src)
		}
	}
	return b.Bytes()
}
