package generator

import (
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// workload is a validated manifest with its defaults applied, plus the
// choices derived from it: the provider major, the pattern, and how the
// network is referenced.
type workload struct {
	*Manifest
	major   major
	pattern pattern
	net     network
}

// pattern is one network-isolation pattern. Each lives in a file of its own
// (service_endpoint.go, private_endpoint.go).
type pattern interface {
	// serviceEndpoints lists the service endpoints the workload subnet needs.
	serviceEndpoints(w *workload) []string
	// firewall is how a service is reached: public network access and the
	// rules of its firewall.
	firewall(w *workload, svc Service) firewall
	// files returns the files only this pattern emits.
	files(w *workload) []*hclFile
	// outputs lists the pattern's outputs for one service.
	outputs(w *workload, svc Service) []output
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

func newWorkload(m *Manifest) *workload {
	w := &workload{Manifest: m, major: majors[m.Provider], net: newNetwork(m)}
	switch m.Pattern {
	case PatternServiceEndpoint:
		w.pattern = serviceEndpointPattern{}
	default:
		w.pattern = privateEndpointPattern{}
	}
	return w
}

var tagsVar = ref{"var", "tags"}

// placeIn sets a resource's resource group and location to the workload's.
func (w *workload) placeIn(b *hclwrite.Body) {
	b.SetAttributeRaw("resource_group_name", w.net.rgName)
	b.SetAttributeRaw("location", w.net.rgLocation)
}

// serviceFiles holds one file per service type present, named after it
// (storage.tf, key_vault.tf, …), services in manifest order.
func (w *workload) serviceFiles() []*hclFile {
	byType := map[string]*hclFile{}
	var files []*hclFile
	for _, svc := range w.Services {
		f, ok := byType[svc.Type]
		if !ok {
			f = newHCLFile(svc.Type + ".tf")
			byType[svc.Type] = f
			files = append(files, f)
		}
		serviceTypes[svc.Type].resources(w, svc, w.pattern.firewall(w, svc), f)
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
	vars := []variable{
		{
			name:        "subscription_id",
			description: "ID of the Azure subscription to deploy into. When null, the azurerm provider reads ARM_SUBSCRIPTION_ID.",
			typ:         hclwrite.TokensForIdentifier("string"),
			value:       hclwrite.TokensForValue(cty.NullVal(cty.String)),
		},
		{
			name:        "tags",
			description: "Tags applied to every resource that takes tags.",
			typ:         hclwrite.TokensForFunctionCall("map", hclwrite.TokensForIdentifier("string")),
			value:       stringMap(w.Tags),
		},
	}
	for _, svc := range w.Services {
		vars = append(vars, serviceTypes[svc.Type].variables(svc)...)
	}
	return vars
}

func (w *workload) variablesFile() *hclFile {
	f := newHCLFile("variables.tf")
	for _, v := range w.variables() {
		b := f.block("variable", v.name)
		b.SetAttributeRaw("type", v.typ)
		setString(b, "description", v.description)
		if v.value != nil {
			b.SetAttributeRaw("default", v.value)
		}
		if v.sensitive {
			setBool(b, "sensitive", true)
		}
		if v.ephemeral {
			setBool(b, "ephemeral", true)
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
		st := serviceTypes[svc.Type]
		outs = append(outs, output{outputPrefix(svc) + "_id", "ID of the " + st.facts().Title + " " + svc.Name + ".", st.address(svc).dot("id").tokens()})
		outs = append(outs, w.pattern.outputs(w, svc)...)
	}
	return outs
}

func (w *workload) outputsFile() *hclFile {
	f := newHCLFile("outputs.tf")
	for _, o := range w.outputs() {
		b := f.block("output", o.name)
		setString(b, "description", o.description)
		b.SetAttributeRaw("value", o.value)
	}
	return f
}

// outputPrefix names a service's outputs by type and name, so that two
// services of different types may share a name.
func outputPrefix(svc Service) string { return svc.Type + "_" + label(svc.Name) }

// requiredVersion is the oldest Terraform the module runs on: 1.9, or 1.11
// when a variable is ephemeral for a write-only argument.
func (w *workload) requiredVersion() string {
	for _, v := range w.variables() {
		if v.ephemeral {
			return ">= 1.11"
		}
	}
	return ">= 1.9"
}
