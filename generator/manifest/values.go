package manifest

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// APIVersionV1 is the apiVersion of the manifest format this package reads.
const APIVersionV1 = "endpointgen/v1"

// Pattern is a network-isolation pattern.
type Pattern string

// The two patterns.
const (
	PatternServiceEndpoint Pattern = "service-endpoint"
	PatternPrivateEndpoint Pattern = "private-endpoint"
)

// Phase is one phase of moving a service-endpoint workload to private
// endpoints. Doing it in one apply drops traffic while DNS catches up
// (Microsoft Learn, "Migrate from service endpoints to private endpoints",
// https://learn.microsoft.com/azure/private-link/private-link-faq), so each
// phase is its own reviewed apply:
//   - add: private endpoints, DNS zones, links and zone groups beside the
//     existing network rules; nothing removed.
//   - cutover: public network access disabled, VNet and IP rules dropped.
//   - cleanup: the service endpoints removed from the subnet.
type Phase string

// The phases, and PhaseNone for a manifest generated as its pattern says.
const (
	PhaseNone    Phase = ""
	PhaseAdd     Phase = "add"
	PhaseCutover Phase = "cutover"
	PhaseCleanup Phase = "cleanup"
)

// Phases lists the migration phases in order.
var Phases = []Phase{PhaseAdd, PhaseCutover, PhaseCleanup}

// ParsePhase returns the phase named s; anything but the three phases is
// an error naming them.
func ParsePhase(s string) (Phase, error) {
	for _, p := range Phases {
		if string(p) == s {
			return p, nil
		}
	}
	return PhaseNone, fmt.Errorf("unknown phase %q: use one of %s", s, PhaseNames())
}

// PhaseNames is "add, cutover, cleanup", for messages and help.
func PhaseNames() string {
	names := make([]string, len(Phases))
	for i, p := range Phases {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}

// Previous is the phase that must be applied before p, PhaseNone for add.
func (p Phase) Previous() Phase {
	for i, q := range Phases {
		if q == p && i > 0 {
			return Phases[i-1]
		}
	}
	return PhaseNone
}

// DNSMode says who owns the private DNS zones of the private endpoints.
type DNSMode string

// The DNS modes.
const (
	DNSManaged  DNSMode = "managed"
	DNSExisting DNSMode = "existing"
	DNSPolicy   DNSMode = "policy"
)

// DNSModes lists the DNS modes.
var DNSModes = []DNSMode{DNSManaged, DNSExisting, DNSPolicy}

// ParseDNSMode returns the mode named s; "" is managed.
func ParseDNSMode(s string) (DNSMode, error) {
	if s == "" {
		return DNSManaged, nil
	}
	for _, m := range DNSModes {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("unknown DNS mode %q: use managed, existing or policy", s)
}

// The resolution policies of a private DNS zone's virtual network link:
// NxDomainRedirect falls back to public resolution for a name the zone has
// no record of; Default answers NXDOMAIN
// (https://learn.microsoft.com/azure/dns/private-dns-fallback).
const (
	ResolutionDefault          = "Default"
	ResolutionNxDomainRedirect = "NxDomainRedirect"
)

// ParseResolutionPolicy returns the resolution policy named s; "" is
// NxDomainRedirect.
func ParseResolutionPolicy(s string) (string, error) {
	switch s {
	case "", ResolutionNxDomainRedirect:
		return ResolutionNxDomainRedirect, nil
	case ResolutionDefault:
		return ResolutionDefault, nil
	}
	return "", fmt.Errorf("unknown resolution policy %q: use NxDomainRedirect or Default", s)
}

// ServiceType names a service type of the catalogue (storage, key_vault, …).
// The decoder and the JSON Schema take its allowed values from the
// catalogue, so a new service type is added there only.
type ServiceType string

// Values lists the allowed service types.
func (ServiceType) Values() []string { return catalog.Types() }

// Facts is the catalogue's entry for the type; ok is false for a type the
// catalogue does not know.
func (t ServiceType) Facts() (catalog.Service, bool) { return catalog.Lookup(string(t)) }
