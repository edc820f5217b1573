package manifest

import (
	"cmp"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/endpointgen/endpointgen/generator/internal/spelling"
	"github.com/endpointgen/endpointgen/generator/internal/tmplfuncs"
	"github.com/hashicorp/hcl/v2"
)

// RepoDefaultsFile is the name of a landing-zone repo's defaults file: every
// manifest in its folder or below inherits from it.
const RepoDefaultsFile = "endpointgen.yaml"

// RepoDefaults is the repo defaults file of a landing-zone repo: what every
// workload manifest below it shares. A manifest inherits each value it
// does not give itself; tags and dns.zone_ids are merged key by key (the
// manifest's value wins), ignore_tag_changes is the union of both. A
// manifest's diagnostics about an inherited value point at the line of
// this file that gave it.
type RepoDefaults struct {
	APIVersion       string            `yaml:"apiVersion" jsonschema:"required,enum=endpointgen/v1" jsonschema_description:"Format version of the repo defaults file."`
	Location         string            `yaml:"location" jsonschema_description:"Azure region of every workload that names none."`
	LocationUnlisted bool              `yaml:"location_unlisted" jsonschema:"default=false" jsonschema_description:"true: location may be a region newer than endpointgen's list of the cloud's regions."`
	Provider         string            `yaml:"provider" jsonschema:"enum=4,enum=5" jsonschema_description:"azurerm provider major of every workload that names none: 4 or 5."`
	Cloud            catalog.Cloud     `yaml:"cloud" jsonschema:"enum=public,enum=usgovernment,enum=china" jsonschema_description:"Azure cloud of every workload that names none."`
	SubscriptionID   string            `yaml:"subscription_id" jsonschema_description:"Subscription ID (a GUID) of every workload that names none."`
	Tags             map[string]string `yaml:"tags" jsonschema_description:"Tags of every workload, merged with the manifest's (the manifest's value wins; names compare without case)."`
	IgnoreTagChanges []string          `yaml:"ignore_tag_changes" jsonschema_description:"Tag names every workload ignores changes to, added to the manifest's."`
	DNS              DNS               `yaml:"dns" jsonschema_description:"private-endpoint workloads only: who owns the private DNS zones. zone_ids holds the hub's zones; each workload takes the ones its endpoints need."`
	Naming           Naming            `yaml:"naming" jsonschema_description:"Templates (text/template with sprig) of the names endpointgen derives when a manifest gives none."`
	Backend          *Backend          `yaml:"backend" jsonschema_description:"An azurerm remote state backend: each workload's module gets backend.tf with Entra ID authentication."`

	filename string
	pos      positions
	sum      [sha256.Size]byte // of the file's bytes
	// own are the diagnostics of the file on its own (warnings, as
	// errors make it unusable): reported once, not again per workload.
	own hcl.Diagnostics
}

// Naming holds templates of derived names: text/template with sprig's
// reproducible functions, over .Name (the workload), .Location and .Cloud.
// Empty keeps endpointgen's default, the Cloud Adoption Framework
// abbreviation and the workload name (rg-NAME, vnet-NAME, snet-NAME;
// https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations).
// Each rendered name is checked against Azure's naming rule of its resource.
//
// The private-link names have templates of their own, over .Name,
// .Location, .Service (the service's name) and .Subresource (its group
// ID, lower case) for an endpoint and its network interface, and .VNet
// for a zone's virtual network link. Their defaults are pe-SERVICE-SUB,
// nic-pe-SERVICE-SUB and link-VNET (not CAF's pep-: a private endpoint's
// name cannot change without replacing it).
type Naming struct {
	ResourceGroup    string `yaml:"resource_group" jsonschema_description:"Resource group name template; default rg-{{ .Name }}."`
	VNet             string `yaml:"vnet" jsonschema_description:"Virtual network name template; default vnet-{{ .Name }}."`
	Subnet           string `yaml:"subnet" jsonschema_description:"Name template of the one subnet (network.subnet); default snet-{{ .Name }}."`
	PrivateEndpoint  string `yaml:"private_endpoint" jsonschema_description:"Private endpoint name template over .Name, .Location, .Service and .Subresource; default pe-{{ .Service }}-{{ .Subresource }}. Changing it replaces existing endpoints."`
	NetworkInterface string `yaml:"network_interface" jsonschema_description:"Name template of a private endpoint's network interface, over .Name, .Location, .Service and .Subresource; default nic- and the endpoint's name (nic-pe-{{ .Service }}-{{ .Subresource }})."`
	DNSZoneLink      string `yaml:"dns_zone_link" jsonschema_description:"Name template of a private DNS zone's virtual network link, over .Name and .VNet (a hub VNet's is RG-VNET); default link-{{ .VNet }}."`
}

// Backend is an azurerm backend: Terraform state in a blob of an existing
// storage account, read and written with Entra ID (use_azuread_auth), not
// account keys. Source: https://developer.hashicorp.com/terraform/language/backend/azurerm
type Backend struct {
	ResourceGroupName  string `yaml:"resource_group_name" jsonschema_description:"Resource group of the state storage account (optional with Entra ID authentication)."`
	StorageAccountName string `yaml:"storage_account_name" jsonschema:"required" jsonschema_description:"The state storage account: 3 to 24 lowercase letters and digits."`
	ContainerName      string `yaml:"container_name" jsonschema:"required" jsonschema_description:"The blob container of the state: 3 to 63 lowercase letters, digits and single hyphens."`
	// Key is a template over .Name, .Location and .Path: the manifest's
	// path from the defaults file's folder without its extension
	// (workloads/team-a/app), unique per manifest and the same whether
	// one manifest or a directory of them is generated.
	Key            string `yaml:"key" jsonschema:"default={{ .Name }}.tfstate" jsonschema_description:"Template of each workload's state blob name, over .Name, .Location and .Path (the manifest's path from this file's folder, without extension: workloads/team-a/app); default {{ .Name }}.tfstate. Two workloads may not share a key."`
	SubscriptionID string `yaml:"subscription_id" jsonschema_description:"Subscription of the state storage account, when not the one of the credentials."`
	TenantID       string `yaml:"tenant_id" jsonschema_description:"Entra tenant of the credentials."`
	// Cloud is the cloud of the state account: the repo defaults' cloud
	// (public when they name none), whatever a workload's own. Not a YAML
	// field.
	Cloud catalog.Cloud `yaml:"-"`
}

// DefaultBackendKey is the state blob name template a backend without key uses.
const DefaultBackendKey = "{{ .Name }}.tfstate"

// Filename is the file the defaults were read from.
func (d *RepoDefaults) Filename() string { return d.filename }

// Sum is the SHA-256 of the file's bytes: what a manifest inherits
// changes only when it does (or Filename, which .Path depends on).
func (d *RepoDefaults) Sum() [sha256.Size]byte { return d.sum }

// repoDefaultsWhat is the repo defaults file, in the decoder's messages.
const repoDefaultsWhat = "the repo defaults file"

// LoadRepoDefaults decodes and checks a repo defaults file; filename is
// used in diagnostics. Values it can check on its own (regions, IDs,
// templates, backend names) are checked here, once for every manifest.
func LoadRepoDefaults(src []byte, filename string) (*RepoDefaults, hcl.Diagnostics) {
	d := &RepoDefaults{filename: filename, sum: sha256.Sum256(src)}
	pos, ok, diags := decodeDocument(src, filename, d, document{
		what:    repoDefaultsWhat,
		empty:   "The repo defaults file holds no YAML mapping; `endpointgen schema --defaults` prints every field.",
		several: "The repo defaults file holds one YAML document.",
	})
	if !ok {
		return nil, diags
	}
	d.pos = pos
	_, cloudGiven := pos["cloud"]
	c := &checker{pos: pos, cloudUnknown: cloudGiven && d.Cloud == ""}
	probe := &Manifest{Location: d.Location, LocationUnlisted: d.LocationUnlisted, Cloud: d.Cloud, Tags: d.Tags}
	if probe.Cloud == "" {
		probe.Cloud = catalog.Public
	}
	c.location("location", d.Location, probe)
	c.guid("subscription_id", d.SubscriptionID)
	if _, given := pos["location"]; !given && d.LocationUnlisted {
		c.warnf("location_unlisted"+keySuffix, "Nothing to vouch for", "location_unlisted vouches for this file's location, which it does not give, so no workload takes it: give location, or set location_unlisted in the manifests of the new region.")
	}
	c.tags(d.Tags)
	c.ignoreTagChanges(d.IgnoreTagChanges, d.Tags)
	c.dnsDefaults(d.DNS)
	// Sample data of each kind, to find a template that fails for any
	// workload once.
	name := nameData{Name: "app", Location: "westeurope", Cloud: catalog.Public}
	endpoint := endpointData{Name: "app", Location: "westeurope", Service: "stapp01", Subresource: "blob"}
	for _, n := range []struct {
		path, tmpl string
		sample     any
	}{
		{"naming.resource_group", d.Naming.ResourceGroup, name}, {"naming.vnet", d.Naming.VNet, name}, {"naming.subnet", d.Naming.Subnet, name},
		{"naming.private_endpoint", d.Naming.PrivateEndpoint, endpoint}, {"naming.network_interface", d.Naming.NetworkInterface, endpoint},
		{"naming.dns_zone_link", d.Naming.DNSZoneLink, linkData{Name: "app", VNet: "vnet-app"}},
	} {
		c.template(n.path, n.tmpl, n.sample)
	}
	if b := d.Backend; b != nil {
		c.name("backend.storage_account_name", b.StorageAccountName, stateAccountName, "storage account name: 3 to 24 lowercase letters and digits")
		if _, given := c.pos["backend.container_name"]; given && !validContainerName(b.ContainerName) {
			c.errorf("backend.container_name", "Invalid name", "%q is not a valid blob container name: 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit, without two hyphens in a row.", b.ContainerName)
		}
		c.name("backend.resource_group_name", b.ResourceGroupName, resourceGroupName, "resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
		c.guid("backend.subscription_id", b.SubscriptionID)
		c.guid("backend.tenant_id", b.TenantID)
		c.template("backend.key", b.Key, backendData{Name: "app", Location: "westeurope", path: "workloads/app"})
		if b.Key == "" {
			b.Key = DefaultBackendKey
		}
	}
	diags = withoutEcho(diags, c.diags)
	d.own = diags
	return d, diags
}

// attribute names, in each diagnostic a workload's check made at a line of
// the defaults file, the workload that inherited the value, and drops those
// the defaults file's own check made already: with many workloads, the
// reader learns which ones a problem is in, and reads a warning once.
func (d *RepoDefaults) attribute(diags hcl.Diagnostics, m *Manifest, filename string) hcl.Diagnostics {
	var out hcl.Diagnostics
	for _, diag := range diags {
		if diag.Subject == nil || diag.Subject.Filename != d.filename {
			out = append(out, diag)
			continue
		}
		if slices.ContainsFunc(d.own, func(o *hcl.Diagnostic) bool {
			return o.Summary == diag.Summary && o.Detail == diag.Detail && o.Subject != nil && *o.Subject == *diag.Subject
		}) {
			continue
		}
		in := *diag
		in.Detail = strings.TrimSuffix(in.Detail, "\n") + fmt.Sprintf("\n\nIn workload %s (%s), which inherits this value.", m.Name, filename)
		out = append(out, &in)
	}
	return out
}

// Names of the state account and container. Sources: Microsoft Learn,
// "Naming rules and restrictions for Azure resources",
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftstorage
// and "Naming and Referencing Containers, Blobs, and Metadata",
// https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
// A container name's length (3 to 63) is checked apart from its pattern,
// which a hyphen would otherwise make count two characters as one.
var (
	stateAccountName = lazyregexp.New(`^[a-z0-9]{3,24}$`)
	containerName    = lazyregexp.New(`^[a-z0-9](?:-?[a-z0-9])*$`)
	guidPattern      = lazyregexp.New(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

const containerNameMin, containerNameMax = 3, 63

func validContainerName(name string) bool {
	return len(name) >= containerNameMin && len(name) <= containerNameMax && containerName.MatchString(name)
}

func (c *checker) guid(path, value string) {
	_, given := c.pos[path]
	switch {
	case !given:
	case !guidPattern.MatchString(value):
		c.errorf(path, "Invalid ID", "%q is not a GUID such as 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b.", value)
	case isNilGUID(value):
		// The samples' placeholder: azurerm would fail at plan, asking
		// Azure for a subscription that none is.
		query := "id"
		if strings.HasSuffix(path, "tenant_id") {
			query = "tenantId"
		}
		c.errorf(path, "Placeholder ID", "%s is the nil GUID, a placeholder that no Azure subscription or tenant has: give the real one (az account show --query %s).", value, query)
	}
}

// isNilGUID reports whether a GUID is 00000000-0000-0000-0000-000000000000.
func isNilGUID(guid string) bool { return strings.Trim(guid, "0-") == "" }

// placeholderSubscription reports a resource ID, valid in form, at path
// whose subscription is the nil GUID (the samples' placeholder IDs):
// Terraform would fail at plan, reading a resource of no subscription.
func (c *checker) placeholderSubscription(path, id string) {
	if sub := IDSegment(id, "subscriptions"); sub != "" && isNilGUID(sub) {
		c.errorf(path, "Placeholder ID", "%q is in the subscription 00000000-0000-0000-0000-000000000000, the nil GUID, a placeholder: give the resource's real ID (az resource show … --query id).", id)
	}
}

// template checks that a template given at path parses and renders a
// name for sample, data of the kind it will get, so that a misspelt field
// is reported once, here, naming the fields there are.
func (c *checker) template(path, text string, sample any) {
	if _, given := c.pos[path]; !given {
		return
	}
	if _, err := renderName(path, text, sample); err != nil {
		c.errorf(path, "Invalid template", "%s.", err)
	}
}

// unknownField is text/template's error for a field its data lacks.
var unknownField = lazyregexp.New(`can't evaluate field (\w+) in type \S+|(\w+) is an unexported field of struct type`)

// fieldsOf lists the fields and methods a template may use on data.
func fieldsOf(data any) []string {
	t := reflect.TypeOf(data)
	var names []string
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			names = append(names, f.Name)
		}
	}
	for i := range t.NumMethod() {
		names = append(names, t.Method(i).Name)
	}
	return names
}

// dnsDefaults checks the shape of the hub's zone IDs and VNet IDs; which
// zones a workload needs is checked per manifest.
func (c *checker) dnsDefaults(d DNS) {
	// The hub may hold zones no workload needs yet, but not a name no
	// workload can ever need: a misspelt zone would be ignored, and each
	// workload needing the real one would fail on its own.
	known := catalog.AllPrivateDNSZones()
	for _, zone := range sortedKeys(d.ZoneIDs) {
		if !slices.Contains(known, zone) {
			c.errorf("dns.zone_ids."+zone+keySuffix, "Unknown zone", "%q is not the private DNS zone of a sub-resource endpointgen supports, in any cloud.%s `endpointgen catalog` lists them.", zone, suggest(zone, known))
			continue
		}
		c.zoneID("dns.zone_ids."+zone, zone, d.ZoneIDs[zone])
	}
	for i, id := range d.LinkVNetIDs {
		if !vnetIDPattern.MatchString(id) {
			c.errorf(fmt.Sprintf("dns.link_vnet_ids[%d]", i), "Invalid resource ID", "%q is not a virtual network ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME, SUB a subscription ID (a GUID).%s", id, idCaseHint(id, vnetIDPattern))
		} else {
			c.placeholderSubscription(fmt.Sprintf("dns.link_vnet_ids[%d]", i), id)
		}
	}
}

func parseTemplate(name, text string) (*template.Template, error) {
	return template.New(name).Funcs(tmplfuncs.Map()).Option("missingkey=error").Parse(text)
}

// renderTemplate renders the template given at path in the defaults
// with data; a template that fails is reported at its line.
func (d *RepoDefaults) renderTemplate(path, text string, data any) (string, *hcl.Diagnostic) {
	v, err := renderName(path, text, data)
	if err != nil {
		r := d.pos[path]
		return "", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid template", Detail: err.Error() + ".", Subject: &r}
	}
	return v, nil
}

// FindRepoDefaults returns the path of the repo defaults file that applies
// to a manifest in dir: the nearest endpointgen.yaml in dir or a folder
// above it, up to the repository root (the folder holding .git), or the
// filesystem's root outside a repository; "" when there is none. A file on
// the way named endpointgen.yml, or endpointgen.yaml in another letter case
// (Endpointgen.yaml), is an error: it would otherwise be ignored without a
// word on a case-sensitive filesystem and read on a case-insensitive one.
func FindRepoDefaults(dir string) (string, error) {
	found, misnamed, err := LocateRepoDefaults(dir)
	if err != nil {
		return "", err
	}
	if err := misnamed(); err != nil {
		return "", err
	}
	return found, nil
}

// LocateRepoDefaults is FindRepoDefaults in two steps. It returns the file
// found by its exact name (two look-ups a folder) and misnamed, which lists
// the folders it looked in for a file under a name the defaults could be
// mistaken for, and returns FindRepoDefaults' error for it, or for a folder
// it cannot list. Listing a folder of a thousand manifests takes about a
// millisecond, which a caller may spend on other work meanwhile; until
// misnamed returns nil, found must not be acted on.
func LocateRepoDefaults(dir string) (found string, misnamed func() error, err error) {
	// Its errors name files as dir is named: from the working folder
	// (../ and all) for a relative dir, in full for an absolute one.
	named := func(path string) string { return path }
	if !filepath.IsAbs(dir) {
		if wd, err := os.Getwd(); err == nil {
			named = func(path string) string {
				if rel, err := filepath.Rel(wd, path); err == nil {
					return rel
				}
				return path
			}
		}
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return "", nil, err
	}
	var looked []string
	for {
		looked = append(looked, dir)
		if info, err := os.Lstat(filepath.Join(dir, RepoDefaultsFile)); err == nil && !info.IsDir() {
			found = filepath.Join(dir, RepoDefaultsFile)
			break
		}
		_, err := os.Lstat(filepath.Join(dir, ".git"))
		parent := filepath.Dir(dir)
		if err == nil || parent == dir {
			break
		}
		dir = parent
	}
	return found, func() error { return misnamedDefaults(looked, found, named) }, nil
}

// misnamedDefaults returns an error for the first file in dirs that is
// named like the repo defaults but not exactly (IsRepoDefaultsName), or
// for the first folder it cannot list.
func misnamedDefaults(dirs []string, found string, named func(string) string) error {
	for _, dir := range dirs {
		names, err := entryNames(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		for _, name := range names {
			if name == RepoDefaultsFile || !IsRepoDefaultsName(name) {
				continue
			}
			// Only the few names that matter are looked at closer.
			if info, err := os.Lstat(filepath.Join(dir, name)); err == nil && !info.IsDir() {
				file := named(filepath.Join(dir, name))
				if _, err := os.Lstat(filepath.Join(dir, RepoDefaultsFile)); err == nil {
					// Renamed, it would overwrite the file that is read.
					return fmt.Errorf("%s: merge what it holds into %s beside it, the one name the repo defaults are read from, and delete it", file, RepoDefaultsFile)
				}
				if found != "" {
					// The nearest file applies, whole: renamed, this one
					// would stop the manifests below it inheriting found.
					return fmt.Errorf("%s: rename it to %s, the one name the repo defaults are read from; then the manifests below it inherit this file, and no longer %s (only the nearest file applies): merge what it holds into %s instead if they should keep that one", file, RepoDefaultsFile, named(found), named(found))
				}
				return fmt.Errorf("%s: rename it to %s, the one name the repo defaults are read from", file, RepoDefaultsFile)
			}
		}
	}
	return nil
}

// entryNames lists the names in dir, unsorted: a manifest among a thousand
// others is looked up above without sorting or describing each of them.
func entryNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}

// IsRepoDefaultsName reports whether a file name is the repo defaults
// file's, endpointgen.yaml, or one it could be mistaken for: .yml, or
// either in another letter case.
func IsRepoDefaultsName(name string) bool {
	name = strings.ToLower(name)
	return name == RepoDefaultsFile || name == "endpointgen.yml"
}

// nameData is what naming templates see.
type nameData struct {
	Name, Location string
	Cloud          catalog.Cloud
}

// endpointData is what the private endpoint and network interface
// templates see.
type endpointData struct {
	Name, Location, Service, Subresource string
}

// linkData is what the zone link template sees.
type linkData struct {
	Name, VNet string
}

// EndpointNames are the names the repo defaults' naming templates give
// the private endpoint of sub-resource sub of svc and its network
// interface (nic-ENDPOINT when only the endpoint has a template); "" for
// each without a name (the built-in names apply).
func (m *Manifest) EndpointNames(svc Service, sub string) (endpoint, nic string, err error) {
	data := endpointData{Name: m.Name, Location: m.Location, Service: svc.Name, Subresource: strings.ToLower(sub)}
	if endpoint, err = renderName("naming.private_endpoint", m.Naming.PrivateEndpoint, data); err != nil {
		return "", "", err
	}
	nic, err = renderName("naming.network_interface", m.Naming.NetworkInterface, data)
	// Without a template of its own, the interface follows its endpoint,
	// as the built-in names do (pe-X, nic-pe-X).
	if nic == "" && endpoint != "" && err == nil {
		nic = "nic-" + endpoint
	}
	return endpoint, nic, err
}

// LinkName is the name the repo defaults' template gives a zone's link to
// the VNet named vnet (RG-VNET for a hub VNet); "" without a template.
func (m *Manifest) LinkName(vnet string) (string, error) {
	return renderName("naming.dns_zone_link", m.Naming.DNSZoneLink, linkData{Name: m.Name, VNet: vnet})
}

// renderName renders the template text, given at name, with data: ""
// for no template; a template that renders nothing but blanks is an
// error, not the built-in name.
func renderName(name, text string, data any) (string, error) {
	if text == "" {
		return "", nil
	}
	t, err := parseTemplate(name, text)
	var b strings.Builder
	if err == nil {
		err = t.Execute(&b, data)
	}
	if err != nil {
		if m := unknownField.FindStringSubmatch(err.Error()); m != nil {
			// An unexported field of the data ({{ .path }}) is one the
			// template cannot use either.
			field := m[1] + m[2]
			fields, hint := fieldsOf(data), ""
			if best := spelling.Closest(field, fields); best != "" {
				hint = fmt.Sprintf(" (did you mean .%s?)", best)
			}
			return "", fmt.Errorf("the template uses .%s, which %s has not%s: it may use .%s", field, name, hint, strings.Join(fields, ", ."))
		}
		return "", err
	}
	v := strings.TrimSpace(b.String())
	if v == "" {
		return "", fmt.Errorf("the template renders an empty name for %s", describeData(data))
	}
	return v, nil
}

// describeData names what a template was rendered for, in messages.
func describeData(data any) string {
	switch d := data.(type) {
	case endpointData:
		return "the " + d.Subresource + " endpoint of " + d.Service
	case linkData:
		return "the link to the VNet " + d.VNet
	case backendData:
		return "the state of workload " + d.Name
	case nameData:
		return "workload " + d.Name
	}
	return "its data"
}

// backendData is what the backend key template sees.
type backendData struct {
	Name, Location string
	path           string // "" when the manifest is not below the defaults' folder
}

// Path is the manifest's path from the defaults file's folder, slash
// separated and without its extension.
func (b backendData) Path() (string, error) {
	if b.path == "" {
		return "", errors.New(".Path has no value: the manifest is not in the folder of the repo defaults file or below it")
	}
	return b.path, nil
}

// manifestPath is the path of the manifest filename from the folder of
// the defaults, without extension; "" when it is not below that folder.
func (d *RepoDefaults) manifestPath(filename string) string {
	from, err1 := filepath.Abs(filepath.Dir(d.filename))
	to, err2 := filepath.Abs(filename)
	if err1 != nil || err2 != nil {
		return ""
	}
	rel, err := filepath.Rel(from, to)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return ""
	}
	return filepath.ToSlash(strings.TrimSuffix(rel, filepath.Ext(rel)))
}

// inherit fills what the manifest m (positions pos) leaves out from the
// repo defaults d, before the built-in defaults. A value taken over
// brings its position along, so that a check of it points at the
// defaults file; DNS settings that do not apply to the workload (its
// pattern or DNS mode) are not taken over, and are no error.
func (d *RepoDefaults) inherit(m *Manifest, pos positions) hcl.Diagnostics {
	take := func(path string) bool {
		_, own := pos[path]
		_, there := d.pos[path]
		if own || !there {
			return false
		}
		copyPositions(pos, d.pos, path, path)
		return true
	}
	// location_unlisted vouches for the defaults' own location only: a
	// workload that names another region is checked against the list (a
	// typo there would otherwise pass and fail at apply).
	tookLocation := take("location")
	if tookLocation {
		m.Location = d.Location
	}
	if (tookLocation || strings.EqualFold(m.Location, d.Location)) && take("location_unlisted") {
		m.LocationUnlisted = d.LocationUnlisted
	}
	if take("cloud") {
		m.Cloud = d.Cloud
	}
	if take("provider") {
		m.Provider = d.Provider
	}
	if take("subscription_id") {
		m.SubscriptionID = d.SubscriptionID
	}
	for _, k := range sortedKeys(d.Tags) {
		if hasFold(slices.Collect(maps.Keys(m.Tags)), k) {
			continue
		}
		if m.Tags == nil {
			m.Tags = map[string]string{}
		}
		m.Tags[k] = d.Tags[k]
		copyPositions(pos, d.pos, "tags."+k, "tags."+k)
	}
	// Exactly, not without case as tags merge: a resource provider may
	// keep a tag name in the case it was written in
	// (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations),
	// and ignore_changes compares map keys exactly, so a spelling that
	// differs only in case is kept too (tags["CreatedOnDate"] and
	// tags["createdondate"]), lest the one Azure Policy writes be planned
	// away.
	for i, k := range d.IgnoreTagChanges {
		if slices.Contains(m.IgnoreTagChanges, k) {
			continue
		}
		copyPositions(pos, d.pos, fmt.Sprintf("ignore_tag_changes[%d]", i), fmt.Sprintf("ignore_tag_changes[%d]", len(m.IgnoreTagChanges)))
		m.IgnoreTagChanges = append(m.IgnoreTagChanges, k)
	}
	if m.PrivateEndpoints() {
		if take("dns.mode") {
			m.DNS.Mode = d.DNS.Mode
		}
		if m.DNS.Mode == "" || m.DNS.Mode == DNSManaged {
			if take("dns.link_vnet_ids") {
				m.DNS.LinkVNetIDs = slices.Clone(d.DNS.LinkVNetIDs)
			}
			if take("dns.resolution_policy") {
				m.DNS.ResolutionPolicy = d.DNS.ResolutionPolicy
			}
		}
	}
	var diags hcl.Diagnostics
	// A rendered name is checked as if the manifest gave it, at the
	// template's line.
	name := func(path, tmpl string, target *string, field string) {
		if tmpl == "" || *target != "" {
			return
		}
		// The cloud as applyDefaults will settle it: .Cloud is "public"
		// whether the files say so or not (else writing the default
		// would rename, and so replace, what the name is of).
		cloud := cmp.Or(m.Cloud, catalog.Public)
		v, diag := d.renderTemplate(path, tmpl, nameData{Name: m.Name, Location: m.Location, Cloud: cloud})
		if diag != nil {
			diags = append(diags, diag)
			return
		}
		*target = v
		pos[field] = d.pos[path]
	}
	// The private-link names are rendered per endpoint and link, and
	// checked where they are (validate_names.go).
	m.Naming = Naming{PrivateEndpoint: d.Naming.PrivateEndpoint, NetworkInterface: d.Naming.NetworkInterface, DNSZoneLink: d.Naming.DNSZoneLink}
	copyPositions(pos, d.pos, "naming", "naming")
	name("naming.resource_group", d.Naming.ResourceGroup, &m.ResourceGroup.Name, "resource_group.name")
	// Subnets given by ID name their VNet, as a VNet given by ID does.
	if byID := m.Network.Subnet.ID != "" || m.Network.SubnetsByID(); m.Network.VNet.ID == "" && !byID {
		name("naming.vnet", d.Naming.VNet, &m.Network.VNet.Name, "network.vnet.name")
	}
	if s := &m.Network.Subnet; m.Network.Subnets == nil && s.ID == "" {
		name("naming.subnet", d.Naming.Subnet, &s.Name, "network.subnet.name")
	}
	return diags
}

// hasFold reports whether names holds name in any letter case, as Azure
// compares tag names.
func hasFold(names []string, name string) bool {
	return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
}

// missingLocation reports a manifest without a location of its own or
// from its repo defaults d (nil: none), naming the file that could give it.
func missingLocation(pos positions, d *RepoDefaults) *hcl.Diagnostic {
	where := fmt.Sprintf("or a repo defaults file (%s in its folder or above) that gives it", RepoDefaultsFile)
	if d != nil {
		where = fmt.Sprintf("or its repo defaults file %s must give one (the nearest %s applies, not one further up)", d.filename, RepoDefaultsFile)
	}
	r := pos[""]
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing required field", Detail: "the manifest needs \"location\", " + where + ".", Subject: &r}
}

// inheritZones takes, in dns.mode existing, the hub zone IDs the
// workload's endpoints need and the manifest does not give; after the
// built-in defaults, which settle the sub-resources.
func (d *RepoDefaults) inheritZones(m *Manifest, pos positions) {
	if !m.PrivateEndpoints() || m.DNS.Mode != DNSExisting {
		return
	}
	for _, zone := range neededZones(m) {
		id, ok := d.DNS.ZoneIDs[zone]
		if _, own := m.DNS.ZoneIDs[zone]; own || !ok {
			continue
		}
		if m.DNS.ZoneIDs == nil {
			m.DNS.ZoneIDs = map[string]string{}
		}
		m.DNS.ZoneIDs[zone] = id
		copyPositions(pos, d.pos, "dns.zone_ids."+zone, "dns.zone_ids."+zone)
	}
}

// BackendKeyAt is where the file gives backend.key, the state blob's name
// template, as FILE:LINE:COLUMN; where it gives none (the default key),
// its backend key; "" without a backend.
func (d *RepoDefaults) BackendKeyAt() string {
	r, ok := d.pos["backend.key"]
	if !ok {
		r, ok = d.pos["backend"+keySuffix]
	}
	if !ok {
		return ""
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

// backend renders the backend of the workload m, read from filename.
func (d *RepoDefaults) backend(m *Manifest, filename string) (*Backend, *hcl.Diagnostic) {
	if d.Backend == nil {
		return nil, nil
	}
	b := *d.Backend
	b.Cloud = d.Cloud
	if b.Cloud == "" {
		b.Cloud = catalog.Public
	}
	// One state account is in one cloud, and terraform init signs in to
	// that cloud.
	if m.Cloud != b.Cloud {
		r := d.pos["backend"+keySuffix]
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "State backend in another cloud",
			Detail:  fmt.Sprintf("Workload %s is in the %s cloud, and the state backend of %s is in the %s cloud (the file's cloud): a storage account is in one cloud. Keep workloads of another cloud in a repository (or folder with an %s) of their own.", m.Name, m.Cloud, d.filename, b.Cloud, RepoDefaultsFile),
			Subject: &r}
	}
	key, diag := d.renderTemplate("backend.key", b.Key, backendData{Name: m.Name, Location: m.Location, path: d.manifestPath(filename)})
	if diag != nil {
		return nil, diag
	}
	if problem := blobNameProblem(key); problem != "" {
		r := d.pos["backend.key"]
		if _, ok := d.pos["backend.key"]; !ok {
			r = d.pos["backend"+keySuffix]
		}
		return nil, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid state key",
			Detail: fmt.Sprintf("The key template gives %q for workload %s: %s.", key, m.Name, problem), Subject: &r}
	}
	b.Key = key
	return &b, nil
}

// blobNameProblem says why a state key is not a usable blob name, "" if
// it is. Blob names have 1 to 1,024 characters and at most 254 path
// segments, no control characters, and no segment ending with a dot
// (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names);
// an empty segment (a leading, trailing or doubled /) is a folder without
// a name, which accounts with a hierarchical namespace refuse.
func blobNameProblem(key string) string {
	segments := strings.Split(key, "/")
	switch {
	case key == "":
		return "a blob name must not be empty"
	case utf8.RuneCountInString(key) > 1024:
		return fmt.Sprintf("a blob name has at most 1,024 characters, not %d", utf8.RuneCountInString(key))
	case len(segments) > 254:
		return "a blob name has at most 254 path segments"
	case strings.ContainsFunc(key, unicode.IsControl):
		return "a blob name holds no control characters"
	}
	for _, seg := range segments {
		switch {
		case seg == "":
			return "a blob name neither starts nor ends with /, nor has // in it"
		case strings.HasSuffix(seg, "."):
			return fmt.Sprintf("no part of a blob name between slashes may end with a dot (%q does)", seg)
		}
	}
	return ""
}

// copyPositions copies the position of from (and of everything below it,
// and of its key) in src to the path to in dst.
func copyPositions(dst, src positions, from, to string) {
	for p, r := range src {
		rest, ok := strings.CutPrefix(p, from)
		if ok && (rest == "" || rest == keySuffix || strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "[")) {
			dst[to+rest] = r
		}
	}
}
