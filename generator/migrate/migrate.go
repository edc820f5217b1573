package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Options are the settings of a migration that the root module does not
// say itself.
type Options struct {
	Phase manifest.Phase
	// EndpointSubnet is the azurerm_subnet address the private endpoints go
	// into; empty means the first subnet the account's rules admit
	// ("Private endpoints can be created in subnets that use Service
	// Endpoints").
	EndpointSubnet string
	// DNSMode is managed (zones and links created here), existing (zones
	// elsewhere, by ZoneIDs keyed by zone name: a resource ID or an
	// expression of one, data.azurerm_private_dns_zone.blob.id) or policy
	// (Azure Policy adds the zone groups); "" is managed.
	DNSMode manifest.DNSMode
	ZoneIDs map[string]string
	// Subresources get a private endpoint per account; empty means blob and
	// every sub-resource the root shows in use (subresourcesFor).
	Subresources []string
	// Cloud picks the zone names; "" is public.
	Cloud catalog.Cloud
	// Accounts limits the add phase to these storage accounts (labels, or
	// azurerm_storage_account addresses); the others get no endpoint, and
	// cutover and cleanup, which follow GeneratedFile, leave them as they
	// are (cleanup keeps a service endpoint one of them still relies on).
	Accounts []string
	// ResolutionPolicy of the zone links created in managed mode; "" is
	// NxDomainRedirect, so a new link never makes the same service's other
	// private endpoints unresolvable from the VNet.
	ResolutionPolicy string
	// Provider is the azurerm major, "4" or "5", for a root whose lock file
	// and version constraint leave it open; "" reads it from the root.
	Provider string
}

// Run works out the changes one phase makes to the root module in dir. It
// writes nothing: the caller shows outdir.Diff or calls outdir.Apply. The
// diagnostics name everything it cannot map safely, at the file and line
// where it stands; no changes come with them.
func Run(dir string, opts Options) ([]outdir.Change, hcl.Diagnostics) {
	changes, err := run(dir, opts)
	if err == nil {
		return changes, nil
	}
	var diags hcl.Diagnostics
	if errors.As(err, &diags) {
		return nil, diags
	}
	return nil, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Cannot migrate " + dir, Detail: capitalize(err.Error()) + "."}}
}

func run(dir string, opts Options) ([]outdir.Change, error) {
	if opts.DNSMode == "" {
		opts.DNSMode = manifest.DNSManaged
	}
	if opts.Cloud == "" {
		opts.Cloud = catalog.Public
	}
	var err error
	if opts.ResolutionPolicy, err = manifest.ParseResolutionPolicy(opts.ResolutionPolicy); err != nil {
		return nil, err
	}
	if _, err := manifest.ParseDNSMode(string(opts.DNSMode)); err != nil {
		return nil, err
	}
	if _, err := catalog.ParseCloud(string(opts.Cloud)); err != nil {
		return nil, err
	}
	r, err := load(dir, opts.Provider)
	if err != nil {
		return nil, err
	}
	selected, err := r.selectAccounts(opts)
	if err != nil {
		return nil, err
	}
	accounts, problems := r.accounts(selected)
	if len(problems) > 0 {
		return nil, problems
	}
	gen := r.generated()
	switch opts.Phase {
	case manifest.PhaseAdd:
		if gen != nil {
			return nil, fmt.Errorf("%s exists already: the add phase has run; run the cutover phase next, or cleanup if cutover has run too (a phase the files hold already changes nothing)", GeneratedFile)
		}
		if len(accounts) == 0 {
			return nil, fmt.Errorf("no storage account in %s restricts access with network rules that admit a subnet, so there is nothing to migrate: --dir migrates storage accounts%s%s", dir, r.otherServices(), r.moduleHint())
		}
		err = r.add(accounts, opts)
	case manifest.PhaseCutover:
		if gen == nil {
			return nil, fmt.Errorf("%s is missing: run the add phase first, apply it and check the names resolve privately", GeneratedFile)
		}
		err = r.cutover(accounts, gen)
	case manifest.PhaseCleanup:
		if gen == nil {
			return nil, fmt.Errorf("%s is missing: run the add and cutover phases first", GeneratedFile)
		}
		err = r.cleanup(accounts, gen)
	default:
		_, err = manifest.ParsePhase(string(opts.Phase))
	}
	if err != nil {
		return nil, err
	}
	if err := r.checkProviderVersion(opts.Phase); err != nil {
		return nil, err
	}
	changes := r.changes()
	old, next := map[string][]byte{}, map[string][]byte{}
	for _, f := range r.files {
		if f.src != nil {
			old[f.name], next[f.name] = f.src, f.src
		}
	}
	for _, c := range changes {
		next[c.Name] = c.New
	}
	if err := refuseReplacements(next, old); err != nil {
		return nil, err
	}
	return changes, nil
}

// selectAccounts reads --account: nil means every account.
func (r *root) selectAccounts(opts Options) (map[string]bool, error) {
	if len(opts.Accounts) == 0 || opts.Phase != manifest.PhaseAdd {
		return nil, nil
	}
	selected := map[string]bool{}
	for _, a := range opts.Accounts {
		addr := a
		if !strings.HasPrefix(a, storageType+".") {
			addr = storageType + "." + a
		}
		if b, ok := r.resources[addr]; !ok || b.s.Labels[0] != storageType {
			var known []string
			for addr, b := range r.resources {
				if b.s.Labels[0] == storageType {
					known = append(known, strings.TrimPrefix(addr, storageType+"."))
				}
			}
			sort.Strings(known)
			return nil, fmt.Errorf("--account %s: the root module has no azurerm_storage_account of that name (it has: %s)", a, strings.Join(known, ", "))
		}
		selected[addr] = true
	}
	return selected, nil
}

// otherServices names the root's resources of the other service types
// endpointgen knows, which --dir does not migrate, with file:line.
func (r *root) otherServices() string {
	titles := map[string]string{}
	for _, t := range catalog.Types() {
		if svc, ok := catalog.Lookup(t); ok && svc.Resource != storageType {
			titles[svc.Resource] = svc.Title
		}
	}
	var found []string
	for addr, b := range r.resources {
		if title, ok := titles[b.s.Labels[0]]; ok {
			found = append(found, fmt.Sprintf("%s %s (%s:%d)", title, addr, b.f.name, b.s.DefRange().Start.Line))
		}
	}
	if len(found) == 0 {
		return ""
	}
	sort.Strings(found)
	return "; it does not migrate " + strings.Join(found, ", ") + ": write a manifest for them (endpointgen migrate -f) or migrate them by hand"
}

func (r *root) moduleHint() string {
	var mods []string
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type == "module" && len(b.Labels) == 1 {
				mods = append(mods, fmt.Sprintf("module.%s (%s:%d)", b.Labels[0], f.name, b.DefRange().Start.Line))
			}
		}
	}
	if len(mods) == 0 {
		return ""
	}
	return "; accounts built inside modules (" + strings.Join(mods, ", ") + ") cannot be migrated from here: migrate the module itself"
}

// generatedState is what the add phase recorded in its file.
type generatedState struct {
	f         *file
	endpoints map[string]bool // storage account address → has endpoints
	subnets   []string        // the subnets whose service endpoints the accounts relied on
}

// stateMarker starts the line of the generated file that records the
// subnets whose service endpoints the migrated accounts relied on; the
// cleanup phase reads it, since by then no rule names them any more.
const stateMarker = "# endpointgen: service-endpoint subnets:"

func (r *root) generated() *generatedState {
	for _, f := range r.files {
		if f.name != GeneratedFile {
			continue
		}
		g := &generatedState{f: f, endpoints: map[string]bool{}}
		for _, line := range strings.Split(string(f.src), "\n") {
			if rest, ok := strings.CutPrefix(line, stateMarker); ok {
				g.subnets = strings.Fields(rest)
			}
		}
		for _, b := range f.s.Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 && b.Labels[0] == azurerm.PrivateEndpointType {
				for _, blk := range blocksOf(b.Body, "private_service_connection") {
					if a := blk.Body.Attributes["private_connection_resource_id"]; a != nil {
						if target, _, ok := reference(a.Expr); ok {
							g.endpoints[target] = true
						}
					}
				}
			}
		}
		return g
	}
	return nil
}

// add writes the private endpoints, zones and links into GeneratedFile and
// changes nothing else. In managed DNS mode every zone is linked to every
// VNet whose subnets the accounts admit and to the VNets of the endpoint
// subnets, one link per zone and VNet, labelled by both: no client that
// reaches an account through a service endpoint today is left resolving
// its public address once public access is disabled.
func (r *root) add(accounts []*account, opts Options) error {
	var problems hcl.Diagnostics
	out := hclgen.NewFile(GeneratedFile)
	var seSubnets []string
	var zones []string
	// Zones and links take the first account's resource group and tags.
	zoneRG := exprTokens(accounts[0].w.Body(), "resource_group_name")
	zoneTags := exprTokens(accounts[0].w.Body(), "tags")
	zoneProvider := providerRef(providerAlias(accounts[0].s.Body))
	var vnets []vnet           // first seen first
	labels := map[string]int{} // VNet label → VNets that wanted it
	addVNet := func(v vnet) vnet {
		for _, seen := range vnets {
			if seen.key == v.key {
				return seen
			}
		}
		labels[v.label]++
		if n := labels[v.label]; n > 1 {
			// Two VNets of one name (in two resource groups).
			v.label = fmt.Sprintf("%s_%d", v.label, n)
			if v.read != nil {
				v.read.label = v.label
			}
		}
		v.finish()
		vnets = append(vnets, v)
		return v
	}
	var endpoints []azurerm.Endpoint
	for _, acc := range accounts {
		for _, s := range acc.subnets {
			if !slices.Contains(seSubnets, s) {
				seSubnets = append(seSubnets, s)
			}
		}
		pe, err := r.endpointSubnet(acc, opts.EndpointSubnet)
		var diags hcl.Diagnostics
		switch {
		case errors.As(err, &diags):
			problems = append(problems, diags...)
			continue
		case err != nil:
			return err
		}
		if b, ok := r.resources[pe.addr]; ok && len(blocksOf(b.s.Body, "delegation")) > 0 {
			problems = append(problems, problem(b.s.DefRange(), pe.addr+" is delegated to a service, and Azure places no private endpoint in a delegated subnet",
				"give --endpoint-subnet an undelegated subnet"))
			continue
		}
		if kind := attrString(acc.s.Body, "account_kind"); kind == "FileStorage" && len(opts.Subresources) > 0 && !(len(opts.Subresources) == 1 && opts.Subresources[0] == "file") {
			problems = append(problems, problem(acc.s.DefRange(), acc.address()+" is a FileStorage account, which serves files only",
				"run with --subresources file, or without the flag"))
			continue
		}
		if found := r.endpointsOf(acc); len(found) > 0 {
			problems = append(problems, found...)
			continue
		}
		// A private endpoint goes in its VNet's subscription
		// (https://learn.microsoft.com/azure/private-link/private-endpoint-overview),
		// and endpointgen puts it in the account's resource group: that
		// holds only where the account and the subnet use one provider
		// configuration.
		provider := providerAlias(acc.s.Body)
		if b, ok := r.subnetBlock(pe.addr); ok && providerAlias(b.s.Body) != provider {
			problems = append(problems, problem(acc.s.DefRange(), acc.address()+" uses "+providerName(provider)+", and its private endpoints' subnet "+pe.addr+
				fmt.Sprintf(" (%s:%d) uses ", b.f.name, b.s.DefRange().Start.Line)+providerName(providerAlias(b.s.Body))+
				": a private endpoint goes in its VNet's subscription, and endpointgen would put it in the account's resource group, which may be in another",
				"give --endpoint-subnet a subnet read through "+providerName(provider)+", or create this account's endpoints by hand in a resource group of the VNet's subscription"))
			continue
		}
		subresources, lost := r.subresourcesFor(acc, opts.Subresources)
		if len(lost) > 0 {
			problems = append(problems, lost...)
			continue
		}
		// A private endpoint lives in its VNet's region, which may differ
		// from the account's.
		peVNet := addVNet(r.vnetOf(pe))
		if opts.DNSMode == manifest.DNSManaged {
			if acc.unlisted != nil {
				problems = append(problems, problem(acc.unlisted.SrcRange, acc.address()+" admits the subnets of "+string(acc.unlisted.Expr.Range().SliceBytes(acc.f.src))+", which endpointgen cannot list, so it cannot link each of their VNets to the zones",
					"write the subnet IDs out in the list, or use --dns existing or --dns policy with zones the hub links to every spoke"))
				continue
			}
			for _, s := range acc.admitted {
				addVNet(r.vnetOf(s))
			}
		}
		for _, sub := range subresources {
			zoneNames, ok := catalog.PrivateDNSZones("storage", sub, "", opts.Cloud)
			if !ok {
				return fmt.Errorf("storage has no sub-resource %q with a private DNS zone in the %s cloud", sub, opts.Cloud)
			}
			var ids []hclwrite.Tokens
			for _, z := range zoneNames {
				if !slices.Contains(zones, z) {
					zones = append(zones, z)
				}
				switch opts.DNSMode {
				case manifest.DNSExisting:
					id, ok := opts.ZoneIDs[z]
					if !ok {
						return fmt.Errorf("--dns existing needs --zone-id %s=ZONE_RESOURCE_ID", z)
					}
					tokens, err := r.zoneID(z, id)
					if err != nil {
						return err
					}
					ids = append(ids, tokens)
				case manifest.DNSManaged:
					ids = append(ids, azurerm.ZoneAddress(z).Dot("id").Tokens())
				}
			}
			endpoints = append(endpoints, azurerm.Endpoint{
				Label:         acc.label + "_" + sub,
				Name:          azurerm.ExprName(ref(acc.address(), "name")),
				Subresource:   sub,
				ResourceGroup: exprTokens(acc.w.Body(), "resource_group_name"),
				Location:      peVNet.location,
				SubnetID:      pe.id,
				Target:        ref(acc.address(), "id"),
				Tags:          exprTokens(acc.w.Body(), "tags"),
				ZoneIDs:       ids,
				PolicyDNS:     opts.DNSMode == manifest.DNSPolicy,
				Provider:      providerRef(provider),
			})
		}
	}
	if len(problems) > 0 {
		return problems
	}
	if opts.DNSMode == manifest.DNSManaged {
		if found := r.existingDNS(zones, vnets); len(found) > 0 {
			return found
		}
	}
	if opts.DNSMode == manifest.DNSManaged && len(vnets) > 1 {
		for _, v := range vnets {
			if v.fromID {
				var others []string
				for _, o := range vnets {
					if o.key != v.key && !(v.literalID && o.literalID) {
						others = append(others, o.subnet)
					}
				}
				if len(others) == 0 {
					continue
				}
				what := fmt.Sprintf("the VNet of %s, known only by an ID, may be the VNet of %s, and a zone links to a VNet once", v.subnet, strings.Join(others, ", "))
				do := "name the subnet by a data \"azurerm_subnet\" source (its VNet is then read by name), or use --dns existing or --dns policy"
				if v.rng != nil {
					return hcl.Diagnostics{problem(*v.rng, what, do)}
				}
				return fmt.Errorf("%s: %s", what, do)
			}
		}
	}
	for _, v := range vnets {
		if v.read != nil {
			d := out.Block("data", vnetType, v.read.label)
			if p := providerRef(v.read.provider); p != nil {
				d.SetAttributeRaw("provider", p)
			}
			d.SetAttributeRaw("name", v.read.name)
			d.SetAttributeRaw("resource_group_name", v.read.resourceGroupName)
		}
	}
	for _, e := range endpoints {
		azurerm.PrivateEndpoint(out, e)
	}
	if opts.DNSMode == manifest.DNSManaged {
		// A link's name is unique within its zone
		// (…/privateDnsZones/ZONE/virtualNetworkLinks/NAME,
		// https://learn.microsoft.com/powershell/module/az.privatedns/new-azprivatednsvirtualnetworklink),
		// and two VNets in two resource groups may share a name: the links
		// of such VNets are named by resource group and VNet, as generate
		// names a hub's; a VNet whose name no other can share keeps link-VNET.
		linkName := map[string]azurerm.Name{}
		for _, v := range vnets {
			linkName[v.key] = azurerm.ExprName(v.name)
			for _, o := range vnets {
				if o.key != v.key && mayShareName(v, o) {
					linkName[v.key] = azurerm.ExprName(v.resourceGroupName, v.name)
				}
			}
		}
		for _, z := range zones {
			azurerm.Zone(out, z, zoneRG, zoneTags, zoneProvider)
			for _, v := range vnets {
				r.require(resolutionPolicyFeature)
				r.major.ZoneLink(out, azurerm.Link{
					Label:  azurerm.ZoneLabel(z) + "_" + v.label,
					Zone:   z,
					VNet:   linkName[v.key],
					VNetID: v.id,
					Tags:   zoneTags,
					// https://learn.microsoft.com/azure/dns/private-dns-fallback
					ResolutionPolicy: opts.ResolutionPolicy,
					Provider:         zoneProvider,
				})
			}
		}
	}
	for _, b := range out.Body().Blocks() {
		addr := strings.Join(b.Labels(), ".")
		taken := false
		if b.Type() == "data" {
			addr = "data." + addr
			_, taken = r.data[addr]
		} else {
			_, taken = r.resources[addr]
		}
		if taken {
			return fmt.Errorf("%s exists in the root module already; rename it, or migrate by hand", addr)
		}
	}
	for addr, b := range r.resources {
		if b.s.Labels[0] == azurerm.PrivateDNSZoneType && slices.Contains(zones, attrString(b.s.Body, "name")) && opts.DNSMode == manifest.DNSManaged {
			return hcl.Diagnostics{problem(b.s.DefRange(), "the root has the zone "+attrString(b.s.Body, "name")+" already ("+addr+"); a second zone of that name cannot be linked to the same VNet",
				"run with --dns existing --zone-id "+attrString(b.s.Body, "name")+"=<its ID>, or reference it by hand")}
		}
	}
	sort.Strings(seSubnets)
	header := outdir.Header + "\n# Private endpoints added by `endpointgen migrate --phase add`; the cutover\n# and cleanup phases read this file.\n" +
		strings.TrimSpace(stateMarker+" "+strings.Join(seSubnets, " "))
	src := out.Bytes(header)
	w, diags := hclwrite.ParseConfig(src, GeneratedFile, hcl.InitialPos)
	if diags.HasErrors() {
		return fmt.Errorf("generated %s does not parse: %s", GeneratedFile, diags.Error())
	}
	r.files = append(r.files, &file{name: GeneratedFile, w: w, changed: true, canonical: true})
	return nil
}

// cutover disables public network access and empties the VNet and IP rules
// of every account the add phase gave endpoints; a standalone rules
// resource is retired with a removed block that does not destroy it, and
// the account takes its firewall inline, denying by default. What would
// leave the root invalid, or a resource it manages out of Terraform's
// reach, stops it first.
func (r *root) cutover(accounts []*account, gen *generatedState) error {
	var todo []*account
	for _, acc := range accounts {
		if gen.endpoints[acc.address()] {
			todo = append(todo, acc)
		}
	}
	for addr, b := range r.resources {
		if b.s.Labels[0] == storageType && gen.endpoints[addr] && !slices.ContainsFunc(todo, func(a *account) bool { return a.address() == addr }) {
			// Already without subnet rules: only public access to close.
			todo = append(todo, &account{block: b, label: b.s.Labels[1]})
		}
	}
	if len(todo) == 0 {
		return fmt.Errorf("%s names no storage account of this root module", GeneratedFile)
	}
	sort.Slice(todo, func(i, j int) bool { return todo[i].label < todo[j].label })
	providers := r.providersOf(todo)
	var problems hcl.Diagnostics
	for _, acc := range todo {
		for _, lc := range blocksOf(acc.s.Body, "lifecycle") {
			a := lc.Body.Attributes["ignore_changes"]
			if a == nil {
				continue
			}
			switch ignores, readable := ignoresNetworkSettings(a.Expr); {
			case !readable:
				problems = append(problems, problem(a.SrcRange, acc.address()+": ignore_changes is not a list endpointgen can read, so it cannot tell whether the cutover would change anything in Azure",
					"write it as a list of attribute names"))
			case ignores:
				problems = append(problems, problem(a.SrcRange, acc.address()+" ignores changes to its network settings, so the cutover would change nothing in Azure",
					"remove network_rules and public_network_access_enabled from ignore_changes first"))
			}
		}
	}
	// data_plane_available = false holds for every account of the provider
	// block; azurerm 4 then refuses queue_properties and static_website on
	// any of them (https://github.com/hashicorp/terraform-provider-azurerm/blob/v4.81.0/internal/services/storage/storage_account_resource.go#L1131-L1149),
	// and a closed account refuses the data-plane reads they need
	// (https://github.com/hashicorp/terraform-provider-azurerm/issues/16240).
	for _, addr := range r.sortedResources(storageType) {
		b := r.resources[addr]
		if !r.usesProvider(b, providers) {
			continue
		}
		for _, blk := range []string{"queue_properties", "static_website"} {
			if found := blocksOf(b.s.Body, blk); len(found) > 0 {
				problems = append(problems, problem(found[0].DefRange(), addr+" sets "+blk+", which the provider manages through the storage data plane; the cutover turns the data plane off for the whole provider (data_plane_available = false), and azurerm 4 then refuses the block",
					"move it to its own resource (azurerm_storage_account_queue_properties / _static_website, reached over a private endpoint) or drop it, then cut over"))
			}
		}
	}
	problems = append(problems, r.dataPlaneUsers(todo)...)
	if r.major.Name == "4" {
		for _, acc := range todo {
			if !r.usesProvider(acc.block, r.providers) {
				problems = append(problems, problem(acc.s.DefRange(), "endpointgen finds no provider \"azurerm\" block of this root for "+acc.address()+", whose data_plane_available must be false once the account is closed",
					"declare the provider block in this root, or set features { storage { data_plane_available = false } } where it is, then cut over"))
			}
		}
	}
	for _, acc := range todo {
		if acc.standalone == nil {
			continue
		}
		if p := r.allowsTerraformBefore("1.7.0", acc.standalone.s.DefRange()); p != nil && !slices.ContainsFunc(problems, func(d *hcl.Diagnostic) bool { return d.Summary == p.Summary }) {
			problems = append(problems, p)
		}
		if acc.standalone.s.Body.Attributes["count"] != nil || acc.standalone.s.Body.Attributes["for_each"] != nil {
			problems = append(problems, problem(acc.standalone.s.DefRange(), acc.standalone.address()+" is built with count or for_each, whose instances endpointgen cannot retire one by one",
				"migrate this account by hand"))
			continue
		}
		problems = append(problems, r.retiredReferences(acc)...)
	}
	for _, p := range providers {
		for _, f := range blocksOf(p.s.Body, "features") {
			for _, st := range blocksOf(f.Body, "storage") {
				if a := st.Body.Attributes["data_plane_available"]; a != nil && !isFalse(a.Expr) {
					problems = append(problems, problem(a.SrcRange, "the provider sets data_plane_available to something other than false, and a closed account refuses data-plane calls",
						"check nothing in this root needs the storage data plane (containers by name, queue properties), set it to false, then cut over"))
				}
			}
		}
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return rangeLess(problems[i].Subject, problems[j].Subject) })
		return problems
	}
	for _, acc := range todo {
		body := acc.w.Body()
		setBeforeBlocks(body, "public_network_access_enabled", cty.False)
		acc.f.changed = true
		if acc.standalone != nil {
			r.rewriteRetiredReferences(acc)
			rules, err := retireStandalone(acc.standalone)
			if err != nil {
				return err
			}
			body.AppendNewline()
			body.AppendBlock(rules)
			continue
		}
		for _, nr := range body.Blocks() {
			if nr.Type() == "network_rules" {
				closeRules(nr.Body())
			}
		}
	}
	r.closeDataPlane(providers)
	return nil
}

// sortedResources are the addresses of the root's resources of one type.
func (r *root) sortedResources(typ string) []string {
	var out []string
	for addr := range r.resources {
		if strings.HasPrefix(addr, typ+".") {
			out = append(out, addr)
		}
	}
	sort.Strings(out)
	return out
}

// usesProvider reports whether a resource uses one of the provider blocks:
// the default one, or the alias its provider argument names.
func (r *root) usesProvider(b block, providers []block) bool {
	want := providerAlias(b.s.Body)
	for _, p := range providers {
		if attrString(p.s.Body, "alias") == want {
			return true
		}
	}
	return false
}

// providerAlias is the alias a block's provider argument names
// (azurerm.ALIAS), "" for the default provider configuration.
func providerAlias(body *hclsyntax.Body) string {
	if a := body.Attributes["provider"]; a != nil {
		if st, ok := a.Expr.(*hclsyntax.ScopeTraversalExpr); ok && len(st.Traversal) == 2 {
			if attr, ok := st.Traversal[1].(hcl.TraverseAttr); ok {
				return attr.Name
			}
		}
	}
	return ""
}

// providerRef is the provider argument of an alias: azurerm.ALIAS, nil for
// the default provider configuration.
func providerRef(alias string) hclwrite.Tokens {
	if alias == "" {
		return nil
	}
	return hclgen.Ref{"azurerm", alias}.Tokens()
}

// providerName names a provider configuration in messages.
func providerName(alias string) string {
	if alias == "" {
		return "the default azurerm provider"
	}
	return "azurerm." + alias
}

func rangeLess(a, b *hcl.Range) bool {
	switch {
	case a == nil || b == nil:
		return b != nil
	case a.Filename != b.Filename:
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}

// providersOf returns the provider "azurerm" blocks the accounts use: the
// default one, or the alias their provider argument names.
func (r *root) providersOf(accounts []*account) []block {
	var out []block
	for _, p := range r.providers {
		alias := attrString(p.s.Body, "alias")
		for _, acc := range accounts {
			if providerAlias(acc.s.Body) == alias {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// closeDataPlane sets the provider feature that keeps Terraform off the
// storage data plane, which a closed account refuses (azurerm #16240).
func (r *root) closeDataPlane(providers []block) {
	for _, p := range providers {
		var features *hclwrite.Block
		for _, b := range p.w.Body().Blocks() {
			if b.Type() == "features" {
				features = b
			}
		}
		if features == nil {
			features = p.w.Body().AppendNewBlock("features", nil)
		}
		var storage *hclwrite.Block
		for _, b := range features.Body().Blocks() {
			if b.Type() == "storage" {
				storage = b
			}
		}
		if storage == nil {
			if len(features.Body().Attributes()) == 0 && len(features.Body().Blocks()) == 0 {
				// features {} on one line: break it, or the nested block
				// would share the line, which HCL refuses.
				features.Body().AppendNewline()
			}
			storage = features.Body().AppendNewBlock("storage", nil)
		}
		storage.Body().SetAttributeValue("data_plane_available", cty.False)
		r.require(dataPlaneAvailableFeature)
		p.f.changed = true
	}
}

// cleanup removes Microsoft.Storage from the subnets the migrated accounts
// relied on, keeping every other service endpoint (https://github.com/Azure/azure-cli/issues/20109), unless
// an account still admits the subnet by a rule.
func (r *root) cleanup(accounts []*account, gen *generatedState) error {
	var migrated []string
	for addr := range gen.endpoints {
		migrated = append(migrated, addr)
	}
	sort.Strings(migrated)
	for _, addr := range migrated {
		b, ok := r.resources[addr]
		if !ok {
			continue
		}
		if a := b.s.Body.Attributes["public_network_access_enabled"]; a == nil || !isFalse(a.Expr) {
			return fmt.Errorf("%s:%d: %s still has public network access enabled: run the cutover phase first and apply it",
				b.f.name, b.s.DefRange().Start.Line, addr)
		}
	}
	stillNeeded := map[string]string{}
	for _, acc := range accounts {
		for _, s := range acc.subnets {
			stillNeeded[s] = acc.address()
		}
	}
	var problems hcl.Diagnostics
	for _, addr := range gen.subnets {
		if strings.Contains(addr, "[") {
			continue // an instance of a subnet with for_each or count: RootChecklist says to do it by hand
		}
		b, ok := r.resources[addr]
		if !ok {
			continue
		}
		if mod := r.moduleUsing(addr); mod != "" {
			problems = append(problems, problem(b.s.DefRange(), addr+" is passed to "+mod+", whose resources may rely on its Microsoft.Storage endpoint",
				"check the module, migrate it first, and remove the endpoint by hand"))
			continue
		}
		if ref := r.endpointByIndex(addr); ref != nil {
			problems = append(problems, problem(ref.rng, "this picks one of "+addr+"'s service_endpoint blocks by index, and cleanup removes one, which shifts the others",
				"refer to them by service (e.g. [for e in "+addr+".service_endpoint : e if e.service == \"Microsoft.KeyVault\"]), then clean up"))
			continue
		}
		if user, needed := stillNeeded[addr]; needed {
			problems = append(problems, problem(b.s.DefRange(), addr+" is still admitted by "+user+"'s network rules, which need its service endpoint",
				"migrate that account too, or keep the endpoint (skip cleanup)"))
			continue
		}
		changed, err := r.removeStorageEndpoint(b)
		if err != nil {
			problems = append(problems, err)
		}
		if changed {
			// "You can only apply service endpoint policy on a subnet if
			// service endpoints are configured for the Azure services
			// listed in the policy", and policies list storage only
			// (https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoint-policies-overview#limitations).
			b.w.Body().RemoveAttribute("service_endpoint_policy_ids")
			b.f.changed = true
		}
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}

// endpointByIndex finds a use of one of the subnet's service_endpoint
// blocks (azurerm 5) by its index, which the removal of the storage one
// would shift or put out of range.
func (r *root) endpointByIndex(subnet string) *use {
	for _, ref := range r.referencesTo(subnet) {
		if ref.next == "service_endpoint" && ref.indexed {
			return &ref
		}
	}
	return nil
}

var storageEndpoints = []string{"Microsoft.Storage", "Microsoft.Storage.Global"}

// removeStorageEndpoint drops the storage service endpoint from a subnet:
// an element of service_endpoints (azurerm 4) or a service_endpoint block
// (azurerm 5). A list it cannot read is a problem, never a silent no-op.
func (r *root) removeStorageEndpoint(b block) (bool, *hcl.Diagnostic) {
	body := b.w.Body()
	changed := false
	for _, blk := range body.Blocks() {
		if blk.Type() != "service_endpoint" {
			continue
		}
		if a := blk.Body().GetAttribute("service"); a != nil {
			v := strings.Trim(strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes())), `"`)
			if slices.Contains(storageEndpoints, v) {
				body.RemoveBlock(blk)
				changed = true
			}
		}
	}
	if a := b.s.Body.Attributes["service_endpoints"]; a != nil {
		v, diags := a.Expr.Value(nil)
		unreadable := problem(a.SrcRange, b.address()+": service_endpoints is not a list of strings endpointgen can read",
			"write the list out, or remove Microsoft.Storage from it by hand")
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return changed, unreadable
		}
		if src := string(a.Expr.Range().SliceBytes(b.f.src)); strings.Contains(src, "#") || strings.Contains(src, "//") || strings.Contains(src, "/*") {
			return changed, problem(a.SrcRange, b.address()+": service_endpoints has comments inside the list, which rewriting it would lose",
				"remove Microsoft.Storage from the list by hand")
		}
		var keep []cty.Value
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			if !e.Type().Equals(cty.String) || e.IsNull() {
				return changed, unreadable
			}
			if !slices.Contains(storageEndpoints, e.AsString()) {
				keep = append(keep, e)
			}
		}
		if len(keep) == v.LengthInt() {
			return changed, nil
		}
		if len(keep) == 0 {
			body.RemoveAttribute("service_endpoints")
		} else {
			body.SetAttributeValue("service_endpoints", cty.ListVal(keep))
		}
		changed = true
	}
	return changed, nil
}

// changes lists every file the phase changed or created, formatted only
// where terraform fmt left the original alone, so that a hand-formatted
// file changes only where endpointgen edited it.
func (r *root) changes() []outdir.Change {
	var out []outdir.Change
	for _, f := range r.files {
		if !f.changed {
			continue
		}
		src := f.w.Bytes()
		if f.canonical {
			src = hclwrite.Format(src)
		}
		if f.src != nil && !bytes.Contains(f.src, []byte("\n\n\n")) {
			// setBeforeBlocks leaves the blank lines that separated the
			// blocks it moved; the user's file had no run of blank lines.
			for bytes.Contains(src, []byte("\n\n\n")) {
				src = bytes.ReplaceAll(src, []byte("\n\n\n"), []byte("\n\n"))
			}
		}
		if f.src != nil && !blankBeforeBrace.Match(f.src) {
			// Removing the last nested block (a subnet's Microsoft.Storage
			// service_endpoint) leaves the blank line that separated it;
			// the user's file had none before a closing brace.
			src = blankBeforeBrace.ReplaceAll(src, []byte("\n$1"))
		}
		if bytes.Equal(src, f.src) {
			continue
		}
		kind := outdir.Changed
		if f.src == nil {
			kind = outdir.Created
		}
		out = append(out, outdir.Change{Name: f.name, Kind: kind, Old: f.orig, New: f.encode(src)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// blankBeforeBrace is a blank line before a line that closes a block.
var blankBeforeBrace = lazyregexp.New(`\n[ \t]*\n([ \t]*\}[ \t]*\n)`)

func isFalse(e hclsyntax.Expression) bool {
	v, diags := e.Value(nil)
	return !diags.HasErrors() && v.Type() == cty.Bool && v.False()
}

// ref is the expression ADDRESS.ATTR for a "type.name" or "data.type.name"
// address.
func ref(addr, attr string) hclwrite.Tokens {
	return hclgen.Ref(strings.Split(addr, ".")).Dot(attr).Tokens()
}

// moduleUsing names the first module block (by address) that is passed a
// reference to addr, "" if none.
func (r *root) moduleUsing(addr string) string {
	var mods []string
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type != "module" || len(b.Labels) != 1 {
				continue
			}
			for _, a := range b.Body.Attributes {
				for _, t := range a.Expr.Variables() {
					if len(t) >= 2 {
						if attr, ok := t[1].(hcl.TraverseAttr); ok && t.RootName()+"."+attr.Name == addr {
							mods = append(mods, "module."+b.Labels[0])
						}
					}
				}
			}
		}
	}
	sort.Strings(mods)
	if len(mods) == 0 {
		return ""
	}
	return mods[0]
}

// attrString is a string literal attribute's value, "" otherwise.
func attrString(body *hclsyntax.Body, name string) string {
	a := body.Attributes[name]
	if a == nil {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return ""
	}
	return v.AsString()
}

// setBeforeBlocks sets an attribute where a reviewer expects it, among the
// attributes and before the nested blocks: hclwrite only appends, so the
// blocks are taken out (with their comments) and put back after it.
func setBeforeBlocks(body *hclwrite.Body, name string, v cty.Value) {
	if body.GetAttribute(name) != nil || len(body.Blocks()) == 0 {
		body.SetAttributeValue(name, v)
		return
	}
	blocks := body.Blocks()
	for _, b := range blocks {
		body.RemoveBlock(b)
	}
	body.SetAttributeValue(name, v)
	for _, b := range blocks {
		body.AppendNewline()
		body.AppendBlock(b)
	}
}

// allowsTerraformBefore reports a required_version that admits a Terraform
// older than v, which the removed block of the cutover needs (1.7); no
// required_version at all admits every Terraform. Every required_version
// of the root applies, so they are checked together, over the whole range
// below v. at places the problem when no constraint does.
func (r *root) allowsTerraformBefore(v string, at hcl.Range) *hcl.Diagnostic {
	var cs []version.Constraints
	var attrs []*hclsyntax.Attribute
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type != "terraform" || b.Body.Attributes["required_version"] == nil {
				continue
			}
			a := b.Body.Attributes["required_version"]
			c, err := version.NewConstraint(attrString(b.Body, "required_version"))
			if err != nil {
				return problem(a.SrcRange, "required_version is not a version constraint endpointgen can read", "write one such as \">= "+v+"\"")
			}
			cs = append(cs, c)
			attrs = append(attrs, a)
		}
	}
	if len(attrs) == 0 {
		return problem(at, "no required_version says which Terraform runs this root, and the removed block that retires the standalone network rules needs Terraform "+v+" or newer",
			"add required_version = \">= "+v+"\" to the terraform block")
	}
	if old := admitsAny(cs, version.Must(version.NewVersion("0.0.0")), version.Must(version.NewVersion(v))); old != nil {
		return problem(attrs[0].SrcRange, "required_version admits Terraform "+old.String()+", older than "+v+", which does not know the removed block that retires the standalone network rules",
			"raise it to \">= "+v+"\"")
	}
	return nil
}
