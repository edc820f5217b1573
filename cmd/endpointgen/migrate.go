package main

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/migrate"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/spf13/cobra"
)

// migrateOptions are the flags of endpointgen migrate.
type migrateOptions struct {
	generate generateOptions // -f MANIFEST -o DIR: a workload endpointgen generates
	phase    manifest.Phase

	// --dir ROOT: a hand-written root module.
	dir   string
	write bool
	root  migrate.Options
}

func newMigrateCmd(s streams, runF func(*migrateOptions) error) *cobra.Command {
	opts := &migrateOptions{}
	// Parsed into opts when the command runs.
	var phase, dns, cloud, resolution string
	var zoneIDs []string
	cmd := &cobra.Command{
		Use:   "migrate (-f MANIFEST -o DIR | --dir ROOT [--write]) --phase add|cutover|cleanup",
		Short: "Move a workload from service endpoints to private endpoints in three safe phases",
		Long: `migrate moves a service-endpoint workload to private endpoints without downtime,
one reviewed apply per phase:

  add      private endpoints, DNS zones, links and zone groups beside the
           existing network rules; nothing is removed
  cutover  public network access disabled, VNet and IP rules emptied
           (ip_rules = [] and virtual_network_subnet_ids = [] are written:
           left out, the provider keeps the old rules)
  cleanup  the service endpoints removed from the subnet

With -f MANIFEST (a pattern: service-endpoint manifest) it writes the phase's
module into DIR, like generate: every resource keeps its address, and after
cleanup the module is what pattern: private-endpoint generates. A phase refuses
to run before its predecessor is in DIR. Each phase prints what to verify
before the next. --check and --diff write nothing.

With --dir ROOT it migrates the storage accounts of a hand-written root module
(other services are named and left alone): those whose network rules (inline,
or an azurerm_storage_account_network_rules resource) admit subnets, by
azurerm_subnet.NAME.id, data.azurerm_subnet.NAME.id, a variable or any subnet
ID expression, one by one or as a list variable. It edits the files in place
with every comment and unrelated block kept. add writes the private endpoints,
zones and links into endpointgen_private_endpoints.tf:

  - endpoints in --endpoint-subnet, else the root's private-endpoint subnet
    (named like snet-pe or *endpoints*, undelegated, in an admitted VNet),
    else the first admitted subnet;
  - one endpoint per sub-resource in use: blob, plus dfs for is_hns_enabled
    or a Data Lake filesystem, file for a share, queue, table, web; with
    --subresources, one in use that the list leaves out is refused;
  - --dns managed: every zone linked to every admitted VNet and the endpoint
    subnets' VNets (resolution_policy NxDomainRedirect unless
    --resolution-policy Default); refused when the VNets cannot be told
    apart (a list variable, an ID expression beside another VNet), or when
    DNS exists already (a zone data source, a link of a same-named zone,
    custom dns_servers): use --dns existing --zone-id ZONE=ID, where ID may be
    data.azurerm_private_dns_zone.NAME.id, or --dns policy;
  - --account NAME migrates only those accounts.

cutover disables public access, empties the VNet and IP rules and sets the
provider's data_plane_available = false. A standalone rules resource becomes a removed block that does not
destroy it (Terraform 1.7+); its rules, bypass values, private_link_access
blocks and comments move inline, and a depends_on on it or its id now names
the account. cleanup removes Microsoft.Storage from the subnets, keeping
their other service endpoints. Without --write it prints a unified diff and
changes nothing, and exits 3 if there is a change to show (0 if none), like
generate --diff; comments, CRLF line endings and a byte order mark are kept.
The checklist names the IP rules that lose access at cutover and, before
cleanup, prints an Azure Resource Graph query for other accounts that admit
the subnets.

The azurerm major comes from .terraform.lock.hcl, else from the version
constraint and the subnet syntax; when both 4 and 5 remain possible, give
--provider.

What it cannot map stops the run with the file, line and what to do: an
account built with count or for_each, dynamic rules, a subnet it cannot find
or a module uses, an expression it cannot read; at cutover also an
ignore_changes covering the network settings, a required_version that admits
Terraform before 1.7 (or none) when a removed block is needed, another use of
the retired rules resource, queue_properties or static_website under the
provider, and resources that reach the data plane of an account it closes
(blobs, tables, files, Data Lake paths; in azurerm 4 containers, queues and
shares by storage_account_name). Comments on lines a phase removes go with
them.`,
		Example: `  endpointgen migrate -f inventory.yaml --phase add -o out/inventory         # records migration.phase in inventory.yaml
  endpointgen migrate --dir infra/prod --phase add                 # show the diff (exit 3 if any)
  endpointgen migrate --dir infra/prod --phase add --write         # write it
  endpointgen migrate --dir infra/prod --phase add --account lake --dns existing \
    --zone-id privatelink.blob.core.windows.net=data.azurerm_private_dns_zone.blob.id
  endpointgen migrate --dir infra/prod --phase cutover --provider 5 # no lock file, constraint admits 4 and 5`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			// -f MANIFEST -o DIR (a generated workload) or --dir ROOT (a
			// hand-written root module), each with its own flags.
			if err := migrateFlags(cmd,
				[]string{"out", "check", "diff", "force", "templates", "no-tests", "defaults", "quiet"},
				[]string{"write", "dns", "zone-id", "endpoint-subnet", "subresources", "cloud", "resolution-policy", "account", "provider"}); err != nil {
				return err
			}
			var err error
			if opts.phase, err = manifest.ParsePhase(phase); err != nil {
				return usageErrorf("--phase: %v", err)
			}
			if opts.root.DNSMode, err = manifest.ParseDNSMode(dns); err != nil {
				return usageErrorf("--dns: %v", err)
			}
			if opts.root.Cloud, err = catalog.ParseCloud(cloud); err != nil {
				return usageErrorf("--cloud: %v", err)
			}
			if opts.root.ResolutionPolicy, err = manifest.ParseResolutionPolicy(resolution); err != nil {
				return usageErrorf("--resolution-policy: %v", err)
			}
			if opts.root.ZoneIDs, err = parseZoneIDs(zoneIDs); err != nil {
				return usageErrorf("--zone-id: %v", err)
			}
			opts.generate.phase = opts.phase
			opts.root.Phase = opts.phase
			if runF != nil {
				return runF(opts)
			}
			return runMigrate(s, opts)
		}),
	}
	f := cmd.Flags()
	f.StringVarP(&opts.generate.manifest, "file", "f", "", "service-endpoint manifest of a workload endpointgen generates")
	f.StringVarP(&opts.generate.outDir, "out", "o", "", "directory holding the workload's generated module")
	f.StringVar(&phase, "phase", "", "migration phase: "+manifest.PhaseNames())
	f.BoolVar(&opts.generate.force, "force", false, "with -f: overwrite files in DIR that endpointgen did not generate")
	f.StringVar(&opts.generate.templates, "templates", "", "with -f: directory whose *.tmpl files replace the embedded templates of the same name")
	f.BoolVar(&opts.generate.check, "check", false, "with -f: write nothing; list missing, stale and extra files and exit 3 if there are any")
	f.BoolVar(&opts.generate.diff, "diff", false, "with -f: write nothing; print a unified diff of what would change (exit 3 if anything would)")
	f.BoolVar(&opts.generate.noTests, "no-tests", false, "with -f: leave out tests/posture.tftest.hcl, the terraform test of the phase's posture")
	f.BoolVarP(&opts.generate.quiet, "quiet", "q", false, "with -f: print only problems, drift and the module's summary line, not a line per file")
	f.StringVar(&opts.generate.defaults, "defaults", "", "with -f: repo defaults file the manifest inherits (default: the nearest "+manifest.RepoDefaultsFile+" in its folder or above)")
	f.StringVar(&opts.dir, "dir", "", "a hand-written root module to migrate in place")
	f.BoolVar(&opts.write, "write", false, "with --dir: write the changes (atomically) instead of printing a diff")
	f.StringVar(&opts.root.EndpointSubnet, "endpoint-subnet", "", "with --dir: the subnet for the private endpoints: azurerm_subnet.NAME, data.azurerm_subnet.NAME, var.NAME or any expression of a subnet ID (default: the root's private-endpoint subnet in an admitted VNet, else the first subnet the rules admit)")
	f.StringSliceVar(&opts.root.Accounts, "account", nil, "with --dir --phase add: migrate only this azurerm_storage_account (its label; repeatable); the others stay as they are")
	f.StringVar(&dns, "dns", "managed", "with --dir: managed (create zones and links), existing (hub zones, --zone-id) or policy (Azure Policy adds zone groups)")
	f.StringArrayVar(&zoneIDs, "zone-id", nil, "with --dir --dns existing: ZONE=ID, repeated once per zone; ID is the zone's resource ID or an expression of it, such as data.azurerm_private_dns_zone.blob.id")
	f.StringSliceVar(&opts.root.Subresources, "subresources", nil, "with --dir: storage sub-resources that get a private endpoint each (default: blob, and what the root shows in use: dfs for is_hns_enabled or a Data Lake filesystem, file for a share, queue, table, web for static_website); one in use that the list leaves out is refused")
	f.StringVar(&cloud, "cloud", "public", "with --dir: public, usgovernment or china (zone names)")
	f.StringVar(&resolution, "resolution-policy", manifest.ResolutionNxDomainRedirect, "with --dir --dns managed: resolution policy of the zone links; Default answers NXDOMAIN for names the zone has no record of instead of falling back to public resolution")
	f.StringVar(&opts.root.Provider, "provider", "", "with --dir: azurerm major, 4 or 5, when the root has no .terraform.lock.hcl and its version constraint admits both")
	phases := make([]string, len(manifest.Phases))
	for i, p := range manifest.Phases {
		phases[i] = string(p)
	}
	completeValues(cmd, "phase", phases...)
	completeValues(cmd, "dns", "managed", "existing", "policy")
	completeValues(cmd, "cloud", "public", "usgovernment", "china")
	completeValues(cmd, "resolution-policy", manifest.ResolutionNxDomainRedirect, manifest.ResolutionDefault)
	completeValues(cmd, "provider", "4", "5")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
	_ = cmd.MarkFlagDirname("out")
	_ = cmd.MarkFlagDirname("dir")
	_ = cmd.MarkFlagDirname("templates")
	return cmd
}

// parseZoneIDs reads --zone-id ZONE=ID values, split at the first "=".
// Each is one flag, not a comma-separated list: an ID expression such as
// lookup(var.zones, "blob") holds commas (and "=" in a comparison).
func parseZoneIDs(values []string) (map[string]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	ids := make(map[string]string, len(values))
	for _, v := range values {
		zone, id, ok := strings.Cut(v, "=")
		zone, id = strings.TrimSpace(zone), strings.TrimSpace(id)
		switch _, twice := ids[zone]; {
		case !ok || zone == "" || id == "":
			return nil, fmt.Errorf("%q is not ZONE=ID", v)
		case twice:
			return nil, fmt.Errorf("zone %s is given twice", zone)
		}
		ids[zone] = id
	}
	return ids, nil
}

// completeValues makes the shell complete a flag with a fixed set of values.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

func runMigrate(s streams, opts *migrateOptions) error {
	if opts.dir != "" {
		return runMigrateRoot(s, opts)
	}
	path := opts.generate.manifest
	src, err := os.ReadFile(path)
	if err != nil {
		return &exitError{exitFail, fmt.Sprintf("reading manifest: %v", err)}
	}
	// The manifest records the phase applied last; migrate moves forward.
	d, err := newRepoDefaults(opts.generate.defaults).forManifest(s.err, path)
	if err != nil {
		return &exitError{exitFail, err.Error() + "; nothing was written"}
	}
	m, diags := manifest.LoadWith(src, path, manifest.PhaseNone, manifest.Inherit{Defaults: d})
	if !diags.HasErrors() && phaseIndex(opts.phase) < phaseIndex(m.Phase) {
		return &exitError{exitFail, fmt.Sprintf("%s is at migration phase %s already; migrate moves forward only (to go back, set migration.phase in the manifest and review the plan)", path, m.Phase)}
	}
	// The manifest's new text before the module is written: where the
	// phase cannot be recorded, nothing is.
	var updated []byte
	record := !opts.generate.check && !opts.generate.diff && !diags.HasErrors()
	if record {
		if updated, err = manifest.WithPhase(src, path, opts.phase); err != nil {
			return &exitError{exitFail, err.Error() + "; nothing was written"}
		}
	}
	if err := runGenerate(s, &opts.generate); err != nil {
		return err
	}
	if !record {
		return nil
	}
	if !bytes.Equal(updated, src) {
		if err := outdir.ReplaceFile(path, updated); err != nil {
			return &exitError{exitFail, "the module was written, but recording the phase failed: " + err.Error()}
		}
		// The checklist's lines are those of the manifest as it is now.
		if now, diags := manifest.LoadWith(updated, path, manifest.PhaseNone, manifest.Inherit{Defaults: d}); !diags.HasErrors() {
			m = now
		}
		fmt.Fprintf(s.out, "%s: migration.phase is now %s, so generate, --check and --diff give this phase too\n", path, opts.phase)
	}
	// runGenerate stopped at any error of the manifest's.
	fmt.Fprintf(s.out, "\nPhase %s written. Check:\n", opts.phase)
	printItems(s, opts.phase, closedRanges(m, opts.phase), generator.HostOutput(m))
	return nil
}

// closedRanges names, for the add and cutover phases, the public IP
// ranges each service's firewall admits (allowed_ip_ranges), which lose
// access at cutover, where the manifest gives them.
func closedRanges(m *manifest.Manifest, phase manifest.Phase) []string {
	if m == nil || (phase != manifest.PhaseAdd && phase != manifest.PhaseCutover) {
		return nil
	}
	var out []string
	for i, svc := range m.Services {
		if len(svc.AllowedIPRanges) == 0 {
			continue
		}
		out = append(out, fmt.Sprintf("At cutover %s %s stops admitting allowed_ip_ranges %s (%s): those addresses lose access unless they reach a private endpoint (VPN, ExpressRoute, a peered VNet).",
			svc.Type, svc.Name, strings.Join(svc.AllowedIPRanges, ", "), m.At(fmt.Sprintf("services[%d].allowed_ip_ranges", i))))
	}
	return out
}

// phaseIndex orders phases: none, add, cutover, cleanup.
func phaseIndex(p manifest.Phase) int {
	return slices.Index(manifest.Phases, p) + 1
}

// runMigrateRoot migrates a hand-written root module: a diff by default,
// the files with --write.
func runMigrateRoot(s streams, opts *migrateOptions) error {
	changes, diags := migrate.Run(opts.dir, opts.root)
	if printDiags(s.err, diags, nil) {
		return &exitError{exitFail, "cannot migrate " + opts.dir + "; nothing was written"}
	}
	// Read before writing: the phase removes the rules the items name.
	rootItems := migrate.RootChecklist(opts.dir, opts.root)
	if !opts.write {
		if len(changes) == 0 {
			fmt.Fprintf(s.out, "Nothing would change in the files for the %s phase: they are written.\n", opts.phase)
			if len(rootItems) > 0 {
				// Written is not applied: what to check before applying
				// still holds until then.
				fmt.Fprintln(s.out, "If they are not applied yet, check:")
				for _, item := range rootItems {
					fmt.Fprintf(s.out, "  - %s\n", item)
				}
			}
			return nil
		}
		fmt.Fprint(s.out, outdir.Diff(opts.dir, changes))
		files := "files"
		if len(changes) == 1 {
			files = "file"
		}
		fmt.Fprintf(s.out, "\n%d %s would change; review the diff, then run again with --write.\n", len(changes), files)
		fmt.Fprintf(s.out, "After applying the phase %s:\n", opts.phase)
		printItems(s, opts.phase, rootItems, "")
		// Like generate --diff: a pipeline tells "a phase to apply" from
		// "nothing to do" by the exit code.
		return &exitError{exitDrift, ""}
	}
	if err := outdir.Apply(opts.dir, changes); err != nil {
		return &exitError{exitFail, err.Error()}
	}
	for _, c := range changes {
		fmt.Fprintf(s.out, "%-9s %s\n", c.Kind, c.Name)
	}
	fmt.Fprintf(s.out, "\nPhase %s written. Check:\n", opts.phase)
	printItems(s, opts.phase, rootItems, "")
	return nil
}

// printItems prints the phase's checklist with the items particular to
// the root before its last "Then run" step; hostOutput as
// migrate.Checklist takes it.
func printItems(s streams, phase manifest.Phase, rootItems []string, hostOutput string) {
	items := migrate.Checklist(phase, hostOutput)
	at := len(items)
	if at > 0 && strings.HasPrefix(items[at-1], "Then run") {
		at--
	}
	items = append(items[:at:at], append(rootItems, items[at:]...)...)
	for _, item := range items {
		fmt.Fprintf(s.out, "  - %s\n", item)
	}
}
