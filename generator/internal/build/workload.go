package build

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// workload is a validated manifest with its defaults applied, plus the
// choices derived from it: the provider major, the pattern, and how the
// network is referenced.
type workload struct {
	*manifest.Manifest
	major   azurerm.Major
	pattern pattern
	net     network
	// checklist is what to verify after applying the migration phase.
	checklist []string
}

// pattern is one network-isolation pattern, or one phase of the migration
// between them. Each lives in a file of its own (service_endpoint.go,
// private_endpoint.go, migration.go); newWorkload picks one.
type pattern interface {
	// serviceEndpoints lists the service endpoints the workload subnet needs.
	serviceEndpoints(w *workload) []string
	// firewall is how a service is reached: public network access and the
	// rules of its firewall.
	firewall(w *workload, svc manifest.Service) firewall
	// files returns the files only this pattern emits.
	files(w *workload) []*hclgen.File
	// outputs lists the pattern's outputs for one service.
	outputs(w *workload, svc manifest.Service) []output
	// checks are the posture test's assertions on a service's private
	// endpoints; networkChecks those on the zones and links.
	checks(w *workload, svc manifest.Service) []check
	networkChecks(w *workload) []check
}

// firewall is how a service is reached: public network access on or off,
// and the public IP ranges and subnets (IDs, with their Azure names) its
// network rules admit.
type firewall struct {
	publicAccess bool
	ipRules      []string
	subnets      []hclwrite.Tokens
	subnetNames  []string
}

// newWorkload derives the choices of a valid manifest, with its defaults
// applied; the pattern is picked here and nowhere else.
func newWorkload(m *manifest.Manifest) (*workload, error) {
	major, err := azurerm.ParseMajor(m.Provider)
	if err != nil {
		return nil, err
	}
	w := &workload{Manifest: m, major: major, net: newNetwork(m)}
	switch {
	case m.Phase != manifest.PhaseNone:
		w.pattern = migration{m.Phase}
	case m.Pattern == manifest.PatternServiceEndpoint:
		w.pattern = serviceEndpointPattern{}
	case m.Pattern == manifest.PatternPrivateEndpoint:
		w.pattern = privateEndpointPattern{}
	default:
		return nil, fmt.Errorf("unknown pattern %q", m.Pattern)
	}
	return w, nil
}

var tagsVar = hclgen.Ref{"var", "tags"}

// placeIn sets a resource's resource group and location to the workload's:
// the manifest's location, also in a resource group that exists elsewhere.
func (w *workload) placeIn(b *hclgen.Body) {
	b.SetAttributeRaw("resource_group_name", w.net.rgName)
	b.SetAttributeRaw("location", w.net.rgLocation)
}

// serviceFiles holds one file per service type present, named after it
// (storage.tf, key_vault.tf, …), services in manifest order.
func (w *workload) serviceFiles() []*hclgen.File {
	byType := map[manifest.ServiceType]*hclgen.File{}
	var files []*hclgen.File
	for _, svc := range w.Services {
		f, ok := byType[svc.Type]
		if !ok {
			f = hclgen.NewFile(string(svc.Type) + ".tf")
			byType[svc.Type] = f
			files = append(files, f)
		}
		builders[svc.Type].resources(w, svc, w.pattern.firewall(w, svc), f)
	}
	return files
}

// variable is one input variable of the generated module; a nil value
// makes it required.
type variable struct {
	name, description string
	typ               hclwrite.Tokens
	value             hclwrite.Tokens
	sensitive         bool
	// ephemeral keeps the value out of plan and state (Terraform 1.10+);
	// only write-only arguments may take it.
	ephemeral bool
}

func (w *workload) variables() []variable {
	subscription := hclgen.Null()
	if w.SubscriptionID != "" {
		subscription = hclgen.Literal(w.SubscriptionID)
	}
	vars := []variable{
		{
			name:        "subscription_id",
			description: "ID of the Azure subscription to deploy into. When null, the azurerm provider reads ARM_SUBSCRIPTION_ID.",
			typ:         hclwrite.TokensForIdentifier("string"),
			value:       subscription,
		},
		{
			name:        "tags",
			description: "Tags applied to every resource that takes tags.",
			typ:         hclgen.Call("map", hclwrite.TokensForIdentifier("string")),
			value:       hclgen.StringMap(w.Tags),
		},
	}
	for _, svc := range w.Services {
		vars = append(vars, builders[svc.Type].variables(svc)...)
	}
	return vars
}

func (w *workload) variablesFile() *hclgen.File {
	f := hclgen.NewFile("variables.tf")
	for _, v := range w.variables() {
		b := f.Block("variable", v.name)
		b.SetAttributeRaw("type", v.typ)
		hclgen.SetString(b, "description", v.description)
		if v.value != nil {
			b.SetAttributeRaw("default", v.value)
		}
		if v.sensitive {
			hclgen.SetBool(b, "sensitive", true)
		}
		if v.ephemeral {
			hclgen.SetBool(b, "ephemeral", true)
		}
	}
	return f
}

// output is one output of the generated module.
type output struct {
	name, description string
	value             hclwrite.Tokens
}

func (w *workload) outputs() []output {
	outs := w.net.outputs()
	for _, svc := range w.Services {
		outs = append(outs, output{outputPrefix(svc) + "_id", "ID of the " + facts(svc).Noun() + " " + svc.Name + ".", builders[svc.Type].address(svc).Dot("id").Tokens()})
		outs = append(outs, w.pattern.outputs(w, svc)...)
	}
	return outs
}

// HostOutput names the first of m's module's outputs that holds a
// service's host: a host name (…_fqdn) before a URI or an endpoint
// (…_uri, …_endpoint) that holds one, for a migration's checklist to
// resolve with nslookup; "" when it has none.
func HostOutput(m *manifest.Manifest) string {
	if m == nil {
		return ""
	}
	w, err := newWorkload(m)
	if err != nil {
		return ""
	}
	other := ""
	for _, o := range w.outputs() {
		switch {
		case strings.HasSuffix(o.name, "_fqdn"):
			return o.name
		case other == "" && (strings.HasSuffix(o.name, "_uri") || strings.HasSuffix(o.name, "_endpoint")):
			other = o.name
		}
	}
	return other
}

func (w *workload) outputsFile() *hclgen.File {
	f := hclgen.NewFile("outputs.tf")
	for _, o := range w.outputs() {
		b := f.Block("output", o.name)
		hclgen.SetString(b, "description", o.description)
		b.SetAttributeRaw("value", o.value)
	}
	return f
}

// requiredVersion is the oldest Terraform the module runs on: 1.9, or 1.11
// when it uses a write-only argument (an ephemeral variable for one, or a
// subnet's inline network security group on azurerm 5).
func (w *workload) requiredVersion() string {
	if w.major.SubnetNSGWriteOnly && w.net.createsSubnets() {
		return ">= 1.11"
	}
	for _, v := range w.variables() {
		if v.ephemeral {
			return ">= 1.11"
		}
	}
	return ">= 1.9"
}
