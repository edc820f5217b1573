package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Checklist is what to verify after applying a phase, before the next; nil
// outside a migration. hostOutput names an output of the module that holds
// a service's host (build.HostOutput), for the add phase's DNS check
// to name; "" for a root module endpointgen did not write.
func Checklist(phase manifest.Phase, hostOutput string) []string {
	resolves := "From a VM in the VNet, each service's host name resolves to a private address through its privatelink CNAME, e.g. `nslookup <account>.blob.core.windows.net` answers 10.x.x.x."
	if hostOutput != "" {
		resolves = fmt.Sprintf("From a VM in the VNet, each service's host name resolves to a private address through its privatelink CNAME: `nslookup` of the host in each of the module's outputs ending in _fqdn, _uri and _endpoint (`terraform output -raw %s` where the module is applied) answers 10.x.x.x.", hostOutput)
	}
	switch phase {
	case manifest.PhaseAdd:
		return []string{
			"terraform apply this phase; nothing is removed. Both paths work: clients switch to a private endpoint as soon as their DNS answers with its address, the others keep the service endpoint.",
			resolves,
			"Every sub-resource clients use has an endpoint (blob, file, queue, table, dfs, web are separate): one without an endpoint loses access at cutover.",
			"Clients outside the VNet that must keep access (on-premises, other spokes) resolve the same names to the private addresses (DNS forwarding of the privatelink zones).",
			"Then run the cutover phase.",
		}
	case manifest.PhaseCutover:
		return []string{
			"Before applying: every client reaches the private endpoints (the public IP ranges the rules allowed lose access: the add phase named them, as does a generated module's README).",
			"terraform apply this phase: public network access is disabled and the VNet and IP rules are gone (the plan shows them emptied: a storage account's ip_rules and virtual_network_subnet_ids becoming []).",
			"Applications work over the private endpoints: watch errors (403, connection refused) for a full business cycle.",
			"`az resource show --ids <service ID> --query properties.publicNetworkAccess` says Disabled.",
			"Then run the cleanup phase.",
		}
	case manifest.PhaseCleanup:
		return []string{
			"Before applying: nothing else in these subnets relies on the service endpoints. A resource of the same service outside this module that admits the subnets by a VNet rule refuses their traffic once the endpoint is gone.",
			"terraform apply this phase: the service endpoints leave the subnets. The migration is complete.",
		}
	}
	return nil
}

// CheckOrder refuses a phase whose predecessor is not in the module it
// replaces: cutover needs every private endpoint the add phase creates, and
// cleanup needs public network access already disabled; and any phase that
// would replace an account, subnet, VNet, endpoint, zone or link of that
// module. files are the phase's generated files; changes are what writing
// them would do to the output directory (outdir.Plan), whose old contents
// are the module there now.
func CheckOrder(dir string, phase manifest.Phase, files outdir.Files, changes []outdir.Change) error {
	if phase == manifest.PhaseNone {
		return nil
	}
	var current outdir.Files
	old, next := map[string][]byte{}, map[string][]byte{}
	for _, c := range changes {
		if c.Old != nil {
			current = append(current, outdir.File{Name: c.Name, Bytes: c.Old})
			old[c.Name] = c.Old
		}
		if c.New != nil {
			next[c.Name] = c.New
		}
	}
	if len(old) > 0 {
		if err := refuseManifestChange(dir, next, old); err != nil {
			return err
		}
	}
	prev := phase.Previous()
	if prev == manifest.PhaseNone {
		return nil
	}
	have, err := resourceBlocks(current)
	if err != nil {
		return err
	}
	wanted, err := resourceBlocks(files)
	if err != nil {
		return err
	}
	var missing []string
	for addr, b := range wanted {
		switch {
		case strings.HasPrefix(addr, azurerm.PrivateEndpointType+"."):
			if have[addr] == nil {
				missing = append(missing, addr)
			}
		case phase == manifest.PhaseCleanup && b.Body.Attributes["public_network_access_enabled"] != nil:
			if cur := have[addr]; cur == nil || boolText(cur, "public_network_access_enabled") != "false" {
				missing = append(missing, addr+" with public_network_access_enabled = false")
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("the %s phase needs the %s phase in %s first, and applied; missing: %s", phase, prev, dir, strings.Join(missing, ", "))
}

// resourceBlocks parses the .tf files and returns their resource blocks by
// address.
func resourceBlocks(files outdir.Files) (map[string]*hclsyntax.Block, error) {
	out := map[string]*hclsyntax.Block{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".tf") {
			continue
		}
		parsed, diags := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		if diags.HasErrors() {
			return nil, fmt.Errorf("parsing %s: %s", f.Name, diags.Error())
		}
		for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
			if b.Type == "resource" && len(b.Labels) == 2 {
				out[b.Labels[0]+"."+b.Labels[1]] = b
			}
		}
	}
	return out, nil
}

// boolText is "true" or "false" for a block's boolean literal attribute,
// "?" for any other expression, "" if absent.
func boolText(b *hclsyntax.Block, name string) string {
	a := b.Body.Attributes[name]
	if a == nil {
		return ""
	}
	if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type().FriendlyName() == "bool" {
		if v.True() {
			return "true"
		}
		return "false"
	}
	return "?"
}

// refuseManifestChange fails when the phase generated from the manifest
// would destroy or replace what the module in dir (old, what was applied)
// has. Phases never do for the manifest that module came from
// (TestPhasesReplaceNothing), so the manifest changed since: say which
// argument, and how to set it back.
func refuseManifestChange(dir string, next, old map[string][]byte) error {
	changes, err := azurerm.Compare(old, next)
	if err != nil {
		return err
	}
	if changes.OtherMajor {
		// The caller compares a module of the other major with this
		// manifest's built for that major (generator.Comparable); this
		// one could not be.
		return fmt.Errorf("nothing was written: the module in %s pins another azurerm major, and this phase could not be built for it (a versions.tf.tmpl of --templates that pins another major, or none?), so what it would replace or destroy is not known. "+
			"A migration phase is written only once it is known to replace nothing: set provider and --templates as they were when %s was generated", dir, dir)
	}
	replaced := changes.Replaced
	if len(replaced) == 0 {
		return nil
	}
	if !slices.ContainsFunc(replaced, func(r azurerm.Replacement) bool { return !r.TakenOut }) {
		// Only what a sub-resource taken out deletes: no data is lost,
		// but clients of that sub-resource lose their private path.
		addrs := make([]string, len(replaced))
		for i, r := range replaced {
			addrs[i] = r.Addr
		}
		return fmt.Errorf("nothing was written: this phase would delete %s, which the module in %s has: a sub-resource was taken out of the manifest since. "+
			"A migration keeps every private endpoint it adds until it is complete: put the sub-resource back, or finish the migration (cleanup) and take it out then",
			strings.Join(addrs, ", "), dir)
	}
	if !slices.ContainsFunc(replaced, azurerm.Replacement.LosesData) {
		// Private endpoints, zones, links or the network: no data, but the
		// private path the migration builds (dns.mode, zone IDs, names).
		return fmt.Errorf("nothing was written: this phase would make Terraform destroy or replace what the module in %s has: %s. "+
			"A migration keeps every private endpoint, zone and link it adds, and the network they are in, until it is complete, so the manifest must still describe the module that was applied. "+
			"It has changed since: usually dns (mode, zone_ids), a name or the network. Set it back as it was when %s was generated, or finish the migration (cleanup) and change it then",
			dir, strings.Join(azurerm.Lines(replaced), "; "), dir)
	}
	return fmt.Errorf("nothing was written: this phase would make Terraform destroy or replace what the module in %s has, and a service replaced loses its data: %s. "+
		"A migration keeps each service as it was created, so the manifest must still describe the module that was applied. "+
		"It has changed since: usually subresources that choose what an account is created with (dfs turns on a storage account's hierarchical namespace, is_hns_enabled; "+
		"Table, MongoDB, Cassandra or Gremlin make a Cosmos DB account of that API), or a name, location or SKU. "+
		"Set the manifest back as it was when %s was generated (for a Cosmos DB account, subresources of the API it has; for storage, no dfs unless it has the hierarchical namespace); "+
		"if it has not changed, please report it", dir, strings.Join(azurerm.Lines(replaced), "; "), dir)
}

// RefuseRecordMoves fails a change (of the manifest at path, written to
// outDir) that would move private endpoints' DNS records to other private
// DNS zones (moved, as generator.Risks says them) in the same apply that
// turns public network access off (closesAccess), as cutover does:
// clients must find the private addresses where they look before access
// closes, not after. The add phase, applied and checked with the new
// zones first, moves them safely; once access is off, a move is a
// warning like any other.
func RefuseRecordMoves(closesAccess bool, path, outDir string, moved []string) error {
	if !closesAccess || len(moved) == 0 {
		return nil
	}
	return fmt.Errorf("nothing was written: the cutover phase would move private endpoints' DNS records to other private DNS zones as it turns public network access off, so clients that resolve through the zones before would lose the service. "+
		"Generate the add phase again with the new DNS settings (endpointgen migrate -f %s --phase add -o %s), apply it, check that clients resolve the private addresses, then run cutover:\n  - %s",
		path, outDir, strings.Join(moved, "\n  - "))
}

// refuseReplacements fails when going from old to next would destroy or
// replace what a migration keeps. Phases are built never to; this is the
// guard that keeps it so.
func refuseReplacements(next, old map[string][]byte) error {
	replaced, err := azurerm.Replacements(old, next)
	if err != nil {
		return err
	}
	if len(replaced) > 0 {
		return fmt.Errorf("this phase would replace or destroy what the migration must keep, so nothing was written (please report it): %s", strings.Join(azurerm.Lines(replaced), "; "))
	}
	return nil
}
