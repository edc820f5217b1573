package generator

import (
	"bytes"
	"fmt"
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

// execTemplate renders the embedded template name with data.
func execTemplate(name string, data any) ([]byte, error) {
	t, err := template.New(name).Funcs(funcs()).Option("missingkey=error").ParseFS(templates.FS, name)
	if err != nil {
		return nil, fmt.Errorf("parsing template %s: %w", name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("rendering template %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// templateFile is an HCL file rendered from a template; finishHCL parses and
// formats it like any other.
type templateFile struct {
	name string
	data any
}

func (t templateFile) filename() string { return t.name }

func (t templateFile) bytes() ([]byte, error) {
	src, err := execTemplate(t.name+".tmpl", t.data)
	if err != nil {
		return nil, err
	}
	return finishHCL(t.name, src)
}

// templateData is what the templates see. Every field is plain data; the
// templates decide nothing about the Terraform that hclwrite builds.
type templateData struct {
	Header, Name, Location, Pattern, Major, ProviderVersion, Cloud string
	PrivateEndpoint                                                bool
	ResourceGroup, VNet, Subnet                                    string
	AddressSpace, SubnetPrefixes, ServiceEndpoints, Zones          []string
	Services                                                       []serviceDoc
	Variables, Outputs                                             []nameDoc
}

type serviceDoc struct {
	Type, Title, Name, Address string
	Posture, AllowedIPRanges   []string
	Endpoints                  []endpointDoc
}

type endpointDoc struct{ Subresource, Address, Zone string }

type nameDoc struct{ Name, Description string }

func (w *workload) templateData() templateData {
	d := templateData{
		Header:           Header,
		Name:             w.Name,
		Location:         w.Location,
		Pattern:          w.Pattern,
		Major:            w.Provider,
		ProviderVersion:  w.major.version,
		Cloud:            w.Cloud,
		PrivateEndpoint:  w.Pattern == PatternPrivateEndpoint,
		ResourceGroup:    w.ResourceGroup.Name,
		VNet:             w.Network.VNet.Name,
		Subnet:           w.Network.Subnet.Name,
		AddressSpace:     w.Network.VNet.AddressSpace,
		SubnetPrefixes:   w.Network.Subnet.AddressPrefixes,
		ServiceEndpoints: w.pattern.serviceEndpoints(w),
	}
	if d.PrivateEndpoint {
		d.Zones = zones(w)
	}
	for _, svc := range w.Services {
		st := serviceTypes[svc.Type]
		sd := serviceDoc{Type: svc.Type, Title: st.facts().Title, Name: svc.Name, Address: strings.Join(st.address(svc), "."),
			Posture: st.posture(svc), AllowedIPRanges: svc.AllowedIPRanges}
		if d.PrivateEndpoint {
			for _, e := range endpoints(w) {
				if e.svc.Name == svc.Name && e.svc.Type == svc.Type {
					sd.Endpoints = append(sd.Endpoints, endpointDoc{e.sub, strings.Join(e.address(), "."), e.zone})
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
type readmeFile struct{ data templateData }

func (readmeFile) filename() string { return "README.md" }

func (r readmeFile) bytes() ([]byte, error) { return execTemplate("README.md.tmpl", r.data) }
