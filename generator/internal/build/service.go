package build

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// serviceType builds one kind of PaaS resource the manifest's
// services[].type names; its Azure facts are in the catalogue. Each lives in
// a file named after the type (storage.go, key_vault.go, …).
type serviceType interface {
	// resources writes the service's resources into f, reached as fw says.
	resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File)
	// address is the service's main resource.
	address(svc manifest.Service) hclgen.Ref
	// host is the expression of the name clients use to reach a
	// sub-resource; inside the VNet it resolves to the private endpoint.
	host(w *workload, svc manifest.Service, sub string) hclwrite.Tokens
	// variables are inputs the service needs (none for most).
	variables(svc manifest.Service) []variable
	// posture describes the service's security settings for the README,
	// in bold where the manifest opted out of a secure default.
	posture(svc manifest.Service) []string
	// checks are the posture test's assertions on the service's
	// resources, reached as fw says (posture.go).
	checks(w *workload, svc manifest.Service, fw firewall) []check
}

// builders holds the builder of every service type of the catalogue.
var builders = map[manifest.ServiceType]serviceType{
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

// facts is the catalogue's entry for a validated service.
func facts(svc manifest.Service) catalog.Service {
	f, _ := svc.Type.Facts()
	return f
}

// hostSuffix names the output that carries host(): _fqdn, _uri or
// _endpoint, after what it holds.
func hostSuffix(f catalog.Service) string {
	switch f.HostKind {
	case catalog.URI:
		return "uri"
	case catalog.Endpoint:
		return "endpoint"
	}
	return "fqdn"
}

// outputPrefix names a service's outputs and variables by type and name, so
// that two services of different types may share a name.
func outputPrefix(svc manifest.Service) string {
	return string(svc.Type) + "_" + names.Label(svc.Name)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// cidrs writes bare addresses as /32: services whose firewalls take CIDRs
// only (Service Bus, Event Hubs, Cosmos DB, web apps).
func cidrs(ips []string) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip
		if !strings.Contains(ip, "/") {
			out[i] = ip + "/32"
		}
	}
	return out
}

// bold marks an opted-out secure default in the README.
func bold(secure bool, yes, no string) string {
	if secure {
		return yes
	}
	return "**" + no + "**"
}
