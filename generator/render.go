package generator

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/endpointgen/endpointgen/templates"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// nonReproducible are sprig functions whose output changes from run to run
// (randomness, keys, certificates, salted hashes). HermeticTxtFuncMap keeps
// them, so we drop them: the same manifest must give the same bytes.
var nonReproducible = []string{
	"randInt", "randBytes", "randAlpha", "randAlphaNum", "randAscii", "randNumeric", "shuffle", "uuidv4",
	"genPrivateKey", "derivePassword", "buildCustomCert", "genCA", "genCAWithKey",
	"genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert", "genSignedCertWithKey",
	"encryptAES", "decryptAES", "bcrypt", "htpasswd",
}

// funcs is sprig's hermetic set without the non-reproducible functions, plus
// hclString, the only way a template puts a value into HCL: it writes a quoted
// HCL string with every special sequence escaped ("${" becomes "$${").
func funcs() template.FuncMap {
	fm := sprig.HermeticTxtFuncMap()
	for _, name := range nonReproducible {
		delete(fm, name)
	}
	fm["hclString"] = func(s string) string {
		return strings.TrimSpace(string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes()))
	}
	return fm
}

// overlay reads a template from the user's directory when it has one of
// that name, and from the embedded templates otherwise.
type overlay struct{ user fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.user != nil {
		if f, err := o.user.Open(name); err == nil {
			return f, nil
		}
	}
	return templates.FS.Open(name)
}

// execTemplate renders the template name with data, from fsys; more names
// are parsed along for the templates name uses. A user's template that
// does not parse or render is an error, never a panic.
func execTemplate(fsys fs.FS, data any, name string, more ...string) ([]byte, error) {
	t, err := template.New(name).Funcs(funcs()).Option("missingkey=error").ParseFS(fsys, append([]string{name}, more...)...)
	if err != nil {
		return nil, fmt.Errorf("parsing template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if strings.HasPrefix(name, "explain") {
		// The explain file only defines the template the README uses too.
		t = t.Lookup("explain")
	}
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("rendering template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// templateFile is an HCL file rendered from a template; finishHCL parses and
// formats it like any other.
type templateFile struct {
	name string
	fsys fs.FS
	data any
}

func (t templateFile) filename() string { return t.name }

func (t templateFile) bytes() ([]byte, error) {
	src, err := execTemplate(t.fsys, t.data, t.name+".tmpl")
	if err != nil {
		return nil, err
	}
	return finishHCL(t.name, src)
}

// templateData is what the templates see. Every field is plain data; the
// templates decide nothing about the Terraform that hclwrite builds.
type templateData struct {
	Header, Name, Location, Pattern, Major, ProviderVersion, Cloud, RequiredVersion string
	PrivateEndpoint, HasStorage, VNetFromSubnet                                     bool
	// Phase is the migration phase, "" outside a migration; Checklist is
	// what to verify after applying it.
	Phase                                                  string
	Checklist                                              []string
	ResourceGroup, VNet, VNetResourceGroup, EndpointSubnet string
	ExistingRG, ExistingVNet, VNetByID                     bool
	Subnets                                                []subnetDoc
	// WorkloadSubnets and ExistingSubnets are subnet names.
	WorkloadSubnets, ExistingSubnets      []string
	DNSMode, ResolutionPolicy             string
	AddressSpace, ServiceEndpoints, Zones []string
	LinkVNets                             []string
	Services                              []serviceDoc
	Variables, Outputs                    []nameDoc
}

// subnetDoc is one subnet of the workload, for the README.
type subnetDoc struct {
	ID, Name            string
	Prefixes            []string
	Existing, ByID      bool
	Workload, Endpoints bool
}

type serviceDoc struct {
	ID, Type, Title, Name, Address, SENote string
	PublicAccess                           bool
	Posture, AllowedIPRanges               []string
	Endpoints                              []endpointDoc
}

// endpointDoc is a private endpoint; ID and ZoneIndexes name nodes in the
// README's Mermaid diagram.
type endpointDoc struct {
	ID, Subresource, Address string
	Zones                    []string
	ZoneIndexes              []int
}

type nameDoc struct{ Name, Description string }

func (w *workload) templateData() templateData {
	d := templateData{
		Header:            Header,
		Name:              w.Name,
		Location:          w.Location,
		Pattern:           w.Pattern,
		Major:             w.Provider,
		ProviderVersion:   w.major.version,
		RequiredVersion:   w.requiredVersion(),
		Cloud:             w.Cloud,
		ResourceGroup:     w.ResourceGroup.Name,
		VNet:              w.net.vnetName,
		ExistingRG:        w.ResourceGroup.Existing,
		ExistingVNet:      w.Network.VNet.existing() || w.Network.subnetsByID(),
		VNetByID:          w.Network.VNet.ID != "" || w.Network.subnetsByID(),
		VNetFromSubnet:    w.Network.VNet.ID == "" && w.Network.subnetsByID(),
		EndpointSubnet:    w.net.endpointSubnet().Name,
		VNetResourceGroup: w.Network.VNet.ResourceGroup,
		DNSMode:           w.DNS.Mode,
		ResolutionPolicy:  w.DNS.ResolutionPolicy,
		AddressSpace:      w.Network.VNet.AddressSpace,
		ServiceEndpoints:  w.pattern.serviceEndpoints(w),
	}
	for _, sn := range w.net.subnets {
		d.Subnets = append(d.Subnets, subnetDoc{ID: "subnet_" + label(sn.Name), Name: sn.Name, Prefixes: sn.AddressPrefixes,
			Existing: sn.existing(), ByID: sn.ID != "", Workload: sn.has(RoleWorkload), Endpoints: sn.has(RoleEndpoints)})
		if sn.has(RoleWorkload) {
			d.WorkloadSubnets = append(d.WorkloadSubnets, sn.Name)
		}
		if sn.existing() {
			d.ExistingSubnets = append(d.ExistingSubnets, sn.Name)
		}
	}
	if mp, ok := w.pattern.(migrationPattern); ok {
		d.Phase, d.Checklist = mp.phase, PhaseChecklist(mp.phase)
	}
	if w.Pattern == PatternPrivateEndpoint || d.Phase != "" {
		d.PrivateEndpoint = true
		d.Zones = zones(w)
		for _, id := range w.DNS.LinkVNetIDs {
			d.LinkVNets = append(d.LinkVNets, lastSegment(id))
		}
	}
	for _, svc := range w.Services {
		st := serviceTypes[svc.Type]
		sd := serviceDoc{ID: outputPrefix(svc), Type: svc.Type, Title: st.facts().Title, Name: svc.Name, Address: strings.Join(st.address(svc), "."),
			PublicAccess: w.pattern.firewall(w, svc).publicAccess,
			SENote:       st.facts().ServiceEndpointNote, Posture: st.posture(svc), AllowedIPRanges: svc.AllowedIPRanges}
		d.HasStorage = d.HasStorage || svc.Type == "storage"
		if d.PrivateEndpoint {
			for _, e := range endpoints(w) {
				if e.svc.Name == svc.Name && e.svc.Type == svc.Type {
					sd.Endpoints = append(sd.Endpoints, endpointDoc{
						ID: "pe_" + label(e.svc.Name+"_"+e.sub), Subresource: e.sub, Address: strings.Join(e.address(), "."),
						Zones: e.zones, ZoneIndexes: indexes(d.Zones, e.zones)})
				}
			}
		}
		d.Services = append(d.Services, sd)
	}
	for _, v := range w.variables() {
		d.Variables = append(d.Variables, nameDoc{v.name, v.description})
	}
	for _, o := range w.outputs() {
		d.Outputs = append(d.Outputs, nameDoc{o.name, o.description})
	}
	return d
}

// readmeFile is the generated module's README.md; Markdown, so not formatted.
type readmeFile struct {
	fsys fs.FS
	data templateData
}

func (readmeFile) filename() string { return "README.md" }

func (r readmeFile) bytes() ([]byte, error) {
	return execTemplate(r.fsys, r.data, "README.md.tmpl", "explain.md.tmpl")
}

// indexes returns the position in list of each of items.
func indexes(list, items []string) []int {
	var out []int
	for _, s := range items {
		for i, x := range list {
			if x == s {
				out = append(out, i)
			}
		}
	}
	return out
}
