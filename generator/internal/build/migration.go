package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
)

// migration is one phase of the move from the service-endpoint pattern to
// the private-endpoint pattern. Every resource keeps the address both
// patterns give it, so no phase replaces a service, subnet or VNet and no
// moved block is needed; the private endpoints go into the workload subnet
// ("Private endpoints can be created in subnets that use Service
// Endpoints", https://learn.microsoft.com/azure/storage/common/storage-private-endpoints).
// After cleanup the module is exactly what the private-endpoint pattern
// generates.
type migration struct{ phase manifest.Phase }

func (p migration) serviceEndpoints(w *workload) []string {
	if p.phase == manifest.PhaseCleanup {
		return nil
	}
	return serviceEndpointPattern{}.serviceEndpoints(w)
}

func (p migration) firewall(w *workload, svc manifest.Service) firewall {
	if p.phase == manifest.PhaseAdd {
		return serviceEndpointPattern{}.firewall(w, svc)
	}
	return privateEndpointPattern{}.firewall(w, svc)
}

func (migration) files(w *workload) []*hclgen.File { return privateEndpointPattern{}.files(w) }

func (migration) outputs(w *workload, svc manifest.Service) []output {
	return privateEndpointPattern{}.outputs(w, svc)
}

// checks: every phase has the private endpoints, zones and links; public
// access, rules and service endpoints follow the phase's firewall and
// serviceEndpoints.
func (migration) checks(w *workload, svc manifest.Service) []check {
	return privateEndpointPattern{}.checks(w, svc)
}

func (migration) networkChecks(w *workload) []check { return privateEndpointPattern{}.networkChecks(w) }
