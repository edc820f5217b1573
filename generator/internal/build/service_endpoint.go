package build

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
)

// serviceEndpointPattern puts the service endpoints on the workload subnet
// and lets that subnet (plus optional public IP ranges) through each
// service's firewall. Traffic rides the Azure backbone to the service's
// public endpoint, whose public network access therefore stays enabled.
type serviceEndpointPattern struct{}

func (serviceEndpointPattern) serviceEndpoints(w *workload) []string {
	var names []string
	for _, svc := range w.Services {
		if se := facts(svc).ServiceEndpoint; se != "" && !slices.Contains(names, se) {
			names = append(names, se)
		}
	}
	return names
}

// firewall keeps public network access on (the service endpoint reaches the
// public endpoint) and admits the subnet by reference, so Terraform creates
// the service endpoint before the VNet rule that needs it
// (https://github.com/hashicorp/terraform-provider-azurerm/issues/16547).
func (serviceEndpointPattern) firewall(w *workload, svc manifest.Service) firewall {
	fw := firewall{publicAccess: true, ipRules: svc.AllowedIPRanges}
	for _, s := range w.net.workloadSubnets() {
		fw.subnets = append(fw.subnets, s.id)
		fw.subnetNames = append(fw.subnetNames, s.Name)
	}
	return fw
}

func (serviceEndpointPattern) files(*workload) []*hclgen.File { return nil }

func (serviceEndpointPattern) outputs(w *workload, svc manifest.Service) []output {
	f := facts(svc)
	main := f.DefaultSubresources[0]
	return []output{{
		name:        outputPrefix(svc) + "_" + names.Label(main) + "_" + hostSuffix(f),
		description: capitalize(f.HostKind) + " of " + svc.Name + "; reached over the subnet's service endpoint.",
		value:       builders[svc.Type].host(w, svc, main),
	}}
}

// checks: the service-endpoint pattern has no endpoints or zones; its
// service endpoints and rules are checked with the subnets and services.
func (serviceEndpointPattern) checks(*workload, manifest.Service) []check { return nil }

func (serviceEndpointPattern) networkChecks(*workload) []check { return nil }
