package migrate

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/generator/tfschema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// fixtureOptions are the migration settings of each hand-written root.
var fixtureOptions = map[string]Options{
	"inline-rules":     {},
	"standalone-rules": {Subresources: []string{"blob", "file"}},
	"shared-subnet":    {},
	// Two VNets admitted: both linked; the endpoints go into the dedicated
	// subnet of the first.
	"two-vnets": {},
	// Subnets read by data sources; only one of two accounts migrated.
	"landing-zone": {Accounts: []string{"documents"}},
	// A list variable of subnets: hub DNS by policy, endpoint subnet by
	// variable.
	"variable-subnets": {DNSMode: manifest.DNSPolicy, EndpointSubnet: "var.pe_subnet_id"},
	// Data Lake, a share and a queue: blob+dfs and blob+file+queue
	// endpoints, inferred from the root.
	"subresources-in-use": {},
	// The hub's zone, read by a data source, named by its expression.
	"hub-zone-data-source": {DNSMode: manifest.DNSExisting, ZoneIDs: map[string]string{"privatelink.blob.core.windows.net": "data.azurerm_private_dns_zone.blob.id"}},
	// A standalone rules resource others depend on and refer to, with
	// comments, extra bypass values and a resource instance rule.
	"standalone-references": {},
	// The azurerm 5 twins of the azurerm 4 roots above: the same roots with
	// service_endpoint blocks, planned where no azurerm 4 provider is.
	"inline-rules-azurerm5":        {},
	"standalone-rules-azurerm5":    {Subresources: []string{"blob", "file"}},
	"two-vnets-azurerm5":           {},
	"landing-zone-azurerm5":        {Accounts: []string{"documents"}},
	"subresources-in-use-azurerm5": {},
	// Two spokes of one name in two resource groups, read by data
	// sources: one zone links to both, by names of their own.
	"vnets-of-one-name": {},
	// Provider aliases: the account and its endpoint subnet on
	// azurerm.workload, another admitted subnet on azurerm.connectivity.
	"provider-aliases": {},
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	return golden.ReadDir(t, dir)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	for name, content := range readDir(t, from) {
		if err := os.WriteFile(filepath.Join(to, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtureStops are the fixtures whose migration stops at a phase, with what
// it says: a Data Lake filesystem is managed on the dfs data plane, which
// the cutover would close to Terraform.
var fixtureStops = map[string]struct {
	phase manifest.Phase
	want  string
}{
	"subresources-in-use":          {manifest.PhaseCutover, "azurerm_storage_data_lake_gen2_filesystem.raw uses the dfs data plane of azurerm_storage_account.lake"},
	"subresources-in-use-azurerm5": {manifest.PhaseCutover, "azurerm_storage_data_lake_gen2_filesystem.raw uses the dfs data plane of azurerm_storage_account.lake"},
}

// TestPhasesOnHandWrittenRoots runs add, cutover and cleanup in order on
// each fixture's before/ and compares the whole root after each phase with
// after-PHASE/. Comments, blank lines and unrelated blocks must survive;
// no blank line is left before a closing brace.
func TestPhasesOnHandWrittenRoots(t *testing.T) {
	for name, opts := range fixtureOptions {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			before := filepath.Join("testdata", name, "before")
			copyDir(t, before, dir)
			comments := commentLines(readDir(t, before))
			blankBeforeBraceAlready := blankBeforeBrace.MatchString(strings.Join(mapValues(readDir(t, before)), "\n"))
			for _, phase := range manifest.Phases {
				opts.Phase = phase
				changes, err := Run(dir, opts)
				if stop, ok := fixtureStops[name]; ok && stop.phase == phase {
					if !strings.Contains(err.Error(), stop.want) {
						t.Errorf("%s: %v, want it to stop with %q", phase, err, stop.want)
					}
					return
				}
				if err != nil {
					t.Fatalf("%s: %v", phase, err)
				}
				if err := outdir.Apply(dir, changes); err != nil {
					t.Fatal(err)
				}
				got := readDir(t, dir)
				gotBytes := map[string][]byte{}
				for name, content := range got {
					gotBytes[name] = []byte(content)
				}
				golden.Dir(t, filepath.Join("testdata", name, "after-"+string(phase)), gotBytes)
				all := strings.Join(mapValues(got), "\n")
				for _, c := range comments {
					if !strings.Contains(all, c) {
						t.Errorf("%s lost the comment %q", phase, c)
					}
				}
				// A comment at the end of a list cutover empties went with
				// the entries it described.
				if m := emptiedListComment.FindString(all); m != "" {
					t.Errorf("%s left a comment on an emptied list: %q", phase, m)
				}
				// A removed block (cleanup's service_endpoint) takes its
				// blank line with it.
				for file, content := range got {
					if loc := blankBeforeBrace.FindStringIndex(content); loc != nil && !blankBeforeBraceAlready {
						t.Errorf("%s left a blank line before a closing brace in %s: %q", phase, file, content[max(0, loc[0]-80):loc[1]])
					}
				}
			}
		})
	}
}

var emptiedListComment = regexp.MustCompile(`(ip_rules|virtual_network_subnet_ids) *= *\[\] *(#|//).*`)

// commentLines are the comments of a root, one per line, trimmed, but for
// those at the end of the lists cutover empties.
func commentLines(files map[string]string) []string {
	var out []string
	for _, content := range files {
		for _, line := range strings.Split(content, "\n") {
			if rules := strings.TrimSpace(line); strings.HasPrefix(rules, "ip_rules ") || strings.HasPrefix(rules, "virtual_network_subnet_ids ") {
				continue
			}
			for _, mark := range []string{"#", "//", "/*", " *"} {
				if i := strings.Index(line, mark); i >= 0 && !strings.Contains(line[:i], `"`) {
					out = append(out, strings.TrimSpace(line[i:]))
					break
				}
			}
		}
	}
	return out
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestAfterStatesMatchSchema checks every after-* root against the schema
// of its provider major, as make verify does for azurerm 4 roots.
func TestAfterStatesMatchSchema(t *testing.T) {
	schemas := map[string]string{"4": "../tfschema/testdata/azurerm-4.81.0.json", "5": "../tfschema/testdata/azurerm-5.2-20260824.json"}
	dirs, _ := filepath.Glob("testdata/*/after-*")
	if len(dirs) < 9 {
		t.Fatalf("found %d after-* roots, want 3 phases of 3 fixtures", len(dirs))
	}
	for _, dir := range dirs {
		r, err := load(dir, "")
		if err != nil {
			t.Fatal(err)
		}
		s, err := tfschema.Load(schemas[r.major.Name])
		if err != nil {
			t.Fatal(err)
		}
		for name, content := range readDir(t, dir) {
			if diags := s.CheckFile(name, []byte(content)); len(diags) > 0 {
				t.Errorf("%s (azurerm %s): %s", dir, r.major.Name, diags.Error())
			}
		}
	}
}

func TestProblemsStopTheRun(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"for_each", `
resource "azurerm_storage_account" "many" {
  for_each = toset(["a", "b"])
  name     = each.key
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.app.id]
  }
}
resource "azurerm_subnet" "app" {
  name = "app"
}`, "main.tf:2,azurerm_storage_account.many is built with count or for_each"},
		{"subnet list variable, managed DNS", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = var.subnet_ids
  }
}`, "main.tf:6,azurerm_storage_account.a admits the subnets of var.subnet_ids, which endpointgen cannot list"},
		{"data subnet elsewhere", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [data.azurerm_subnet.gone.id]
  }
}`, "main.tf:6,azurerm_storage_account.a admits data.azurerm_subnet.gone.id, which is not the id of a data \"azurerm_subnet\" of this root module"},
		{"subnet elsewhere", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.gone.id]
  }
}`, "main.tf:6,azurerm_storage_account.a admits azurerm_subnet.gone.id, which is not the id of an azurerm_subnet of this root module"},
		{"dynamic rules", `
resource "azurerm_storage_account" "a" {
  name = "a"
  dynamic "network_rules" {
    for_each = [1]
    content {
      default_action = "Deny"
    }
  }
}`, "main.tf:4,azurerm_storage_account.a builds its network_rules with a dynamic block"},
		{"delegated subnet", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.app.id]
  }
}
resource "azurerm_subnet" "app" {
  name = "app"
  delegation {
    name = "web"
  }
}`, "is delegated to a service"},
		{"zone exists", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.app.id]
  }
}
resource "azurerm_subnet" "app" {
  name                 = "app"
  virtual_network_name = azurerm_virtual_network.v.name
}
resource "azurerm_virtual_network" "v" {
  name = "v"
}
resource "azurerm_private_dns_zone" "mine" {
  name = "privatelink.blob.core.windows.net"
}`, "the root has the zone privatelink.blob.core.windows.net already"},
		{"module only", `
module "lake" {
  source = "./modules/lake"
}`, "accounts built inside modules (module.lake (main.tf:2))"},
		{"both owners", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.app.id]
  }
}
resource "azurerm_storage_account_network_rules" "a" {
  storage_account_id = azurerm_storage_account.a.id
  default_action     = "Deny"
}
resource "azurerm_subnet" "app" {
  name = "app"
}`, "undo each other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.src), 0o644)
			opts := Options{Phase: manifest.PhaseAdd}
			if _, err := load(dir, ""); err != nil && strings.Contains(err.Error(), "give --provider") {
				opts.Provider = "4" // a root that leaves the major open runs as azurerm 4
			}
			changes, diags := Run(dir, opts)
			if !diags.HasErrors() || (!strings.HasPrefix(tt.want, "main.tf:") && !strings.Contains(diags.Error(), tt.want)) {
				t.Errorf("diagnostics = %v, want them to contain %q", diags, tt.want)
			}
			// "main.tf:N,TEXT": the problem is placed at line N of main.tf.
			if file, rest, ok := strings.Cut(tt.want, ","); ok && strings.HasPrefix(file, "main.tf:") {
				line, text := strings.TrimPrefix(file, "main.tf:"), rest
				found := false
				for _, d := range diags {
					if d.Subject != nil && filepath.Base(d.Subject.Filename) == "main.tf" && fmt.Sprint(d.Subject.Start.Line) == line && strings.HasPrefix(d.Summary, text) {
						found = true
					}
				}
				if !found {
					t.Errorf("no diagnostic at main.tf line %s starting %q: %v", line, text, diags)
				}
			}
			if changes != nil {
				t.Error("changes returned with an error")
			}
		})
	}
}

func TestPhaseOrderOnHandWrittenRoots(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/inline-rules/before", dir)
	if _, err := Run(dir, Options{Phase: manifest.PhaseCutover}); err == nil || !strings.Contains(err.Error(), "run the add phase first") {
		t.Errorf("cutover before add: %v", err)
	}
	copyDir(t, "testdata/inline-rules/after-add", dir)
	if _, err := Run(dir, Options{Phase: manifest.PhaseCleanup}); err == nil || !strings.Contains(err.Error(), "run the cutover phase first") {
		t.Errorf("cleanup before cutover: %v", err)
	}
	if _, err := Run(dir, Options{Phase: manifest.PhaseAdd}); err == nil || !strings.Contains(err.Error(), "the add phase has run") {
		t.Errorf("add twice: %v", err)
	}
}

// TestLaterPhasesStop covers what stops cutover and cleanup on a root that
// has been through the earlier phases.
func TestLaterPhasesStop(t *testing.T) {
	tests := []struct {
		name, from           string
		phase                manifest.Phase
		file, old, new, want string
	}{
		{"queue properties", "after-add", manifest.PhaseCutover, "main.tf",
			"  infrastructure_encryption_enabled = true\n", "  infrastructure_encryption_enabled = true\n\n  queue_properties {\n  }\n",
			"sets queue_properties"},
		{"data plane wanted", "after-add", manifest.PhaseCutover, "main.tf",
			"  features {}", "  features {\n    storage {\n      data_plane_available = true\n    }\n  }",
			"data_plane_available to something other than false"},
		{"ignored network settings", "after-add", manifest.PhaseCutover, "main.tf",
			"  infrastructure_encryption_enabled = true\n", "  infrastructure_encryption_enabled = true\n\n  lifecycle {\n    ignore_changes = [network_rules]\n  }\n",
			"ignores changes to its network settings"},
		{"old terraform", "standalone-rules/after-add", manifest.PhaseCutover, "main.tf",
			`required_version = ">= 1.9"`, `required_version = ">= 1.3"`,
			"main.tf:2,required_version admits Terraform 1.3.0, older than 1.7.0"},
		{"exact terraform 1.6", "standalone-rules/after-add", manifest.PhaseCutover, "main.tf",
			`required_version = ">= 1.9"`, `required_version = "1.6.6"`,
			"main.tf:2,required_version admits Terraform 1.6.6, older than 1.7.0"},
		{"terraform 1.6 past an exclusion", "standalone-rules/after-add", manifest.PhaseCutover, "main.tf",
			`required_version = ">= 1.9"`, `required_version = ">= 1.6, != 1.6.0"`,
			"main.tf:2,required_version admits Terraform 1.6.1, older than 1.7.0"},
		{"no required_version", "standalone-rules/after-add", manifest.PhaseCutover, "main.tf",
			"  required_version = \">= 1.9\"\n", "",
			"storage.tf:17,no required_version says which Terraform runs this root"},
		{"ignore all changes", "after-add", manifest.PhaseCutover, "main.tf",
			"  infrastructure_encryption_enabled = true\n", "  infrastructure_encryption_enabled = true\n\n  lifecycle {\n    ignore_changes = all\n  }\n",
			"main.tf:56,azurerm_storage_account.lake ignores changes to its network settings"},
		{"ignore one rule list", "after-add", manifest.PhaseCutover, "main.tf",
			"  infrastructure_encryption_enabled = true\n", "  infrastructure_encryption_enabled = true\n\n  lifecycle {\n    ignore_changes = [tags, network_rules[0].ip_rules]\n  }\n",
			"main.tf:56,azurerm_storage_account.lake ignores changes to its network settings"},
		{"container by account name", "after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nresource \"azurerm_storage_container\" \"raw\" {\n  name                 = \"raw\"\n  storage_account_name = azurerm_storage_account.lake.name\n}\n",
			"outputs.tf:6,azurerm_storage_container.raw uses the blob data plane of azurerm_storage_account.lake"},
		{"blob through its container", "after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nresource \"azurerm_storage_container\" \"raw\" {\n  name               = \"raw\"\n  storage_account_id = azurerm_storage_account.lake.id\n}\n\nresource \"azurerm_storage_blob\" \"readme\" {\n  name                 = \"README.md\"\n  storage_container_id = azurerm_storage_container.raw.id\n  type                 = \"Block\"\n}\n",
			"outputs.tf:11,azurerm_storage_blob.readme uses the blob data plane of azurerm_storage_account.lake"},
		{"table by the account's literal name", "after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nresource \"azurerm_storage_table\" \"events\" {\n  name                 = \"events\"\n  storage_account_name = \"statlaslake01\"\n}\n",
			"outputs.tf:6,azurerm_storage_table.events uses the table data plane of azurerm_storage_account.lake"},
		{"another account's queue properties", "after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nresource \"azurerm_storage_account\" \"logs\" {\n  name = \"statlaslogs01\"\n\n  queue_properties {\n  }\n}\n",
			"outputs.tf:9,azurerm_storage_account.logs sets queue_properties"},
		{"output of a retired attribute", "standalone-references/after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\noutput \"reports_ip_rules\" {\n  value = azurerm_storage_account_network_rules.reports.ip_rules\n}\n",
			"outputs.tf:14,this refers to azurerm_storage_account_network_rules.reports.ip_rules, which the cutover retires"},
		{"whole retired resource in an expression", "standalone-references/after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\noutput \"reports_rules\" {\n  value = azurerm_storage_account_network_rules.reports\n}\n",
			"outputs.tf:14,this refers to azurerm_storage_account_network_rules.reports, which the cutover retires"},
		{"replace_triggered_by the retired resource", "standalone-references/after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nresource \"azurerm_storage_container\" \"exports\" {\n  name               = \"exports\"\n  storage_account_id = azurerm_storage_account.reports.id\n\n  lifecycle {\n    replace_triggered_by = [azurerm_storage_account_network_rules.reports]\n  }\n}\n",
			"outputs.tf:18,replace_triggered_by names azurerm_storage_account_network_rules.reports"},
		{"moved into the retired resource", "standalone-references/after-add", manifest.PhaseCutover, "outputs.tf",
			"", "\nmoved {\n  from = azurerm_storage_account_network_rules.old\n  to   = azurerm_storage_account_network_rules.reports\n}\n",
			"outputs.tf:15,a moved block names azurerm_storage_account_network_rules.reports"},
		{"account on a provider block not in the root", "after-add", manifest.PhaseCutover, "main.tf",
			"  name                              = \"statlaslake01\"\n", "  provider                          = azurerm.lake\n  name                              = \"statlaslake01\"\n",
			"main.tf:44,endpointgen finds no provider \"azurerm\" block of this root for azurerm_storage_account.lake"},
		{"service endpoint by index", "shared-subnet/after-cutover", manifest.PhaseCleanup, "outputs.tf",
			"", "\noutput \"key_vault_endpoint\" {\n  value = azurerm_subnet.shared.service_endpoint[0].service\n}\n",
			"outputs.tf:7,this picks one of azurerm_subnet.shared's service_endpoint blocks by index"},
		{"module uses the subnet", "after-cutover", manifest.PhaseCleanup, "outputs.tf",
			"", "\nmodule \"logs\" {\n  source    = \"./logs\"\n  subnet_id = azurerm_subnet.app.id\n}\n",
			"is passed to module.logs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			from := tt.from
			if !strings.Contains(from, "/") {
				from = "inline-rules/" + from
			}
			copyDir(t, "testdata/"+from, dir)
			path := filepath.Join(dir, tt.file)
			src, _ := os.ReadFile(path)
			edited := strings.Replace(string(src), tt.old, tt.new, 1)
			if tt.old == "" {
				edited = string(src) + tt.new
			}
			if edited == string(src) {
				t.Fatal("the fixture edit did not apply")
			}
			os.WriteFile(path, []byte(edited), 0o644)
			_, diags := Run(dir, Options{Phase: tt.phase})
			if !diags.HasErrors() {
				t.Fatalf("no error, want %q", tt.want)
			}
			assertProblem(t, diags, tt.want)
		})
	}
}

// TestResolutionPolicyOptOut: links created by migrate fall back to public
// resolution (the goldens show NxDomainRedirect) unless --resolution-policy
// Default says otherwise.
func TestResolutionPolicyOptOut(t *testing.T) {
	for policy, want := range map[string]string{"": `"NxDomainRedirect"`, "Default": `"Default"`} {
		dir := t.TempDir()
		copyDir(t, "testdata/inline-rules/before", dir)
		changes, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, ResolutionPolicy: policy})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		for _, c := range changes {
			if c.Name == GeneratedFile && !regexp.MustCompile(`resolution_policy += `+want).Match(c.New) {
				t.Errorf("policy %q: the link lacks resolution_policy = %s:\n%s", policy, want, c.New)
			}
		}
	}
	if _, diags := runOpen(t.TempDir(), Options{Phase: manifest.PhaseAdd, ResolutionPolicy: "Off"}); !strings.Contains(diags.Error(), "Unknown resolution policy") {
		t.Errorf("an unknown policy: %v", diags)
	}
}

// networkRoot is a root with one account admitting the given subnet IDs,
// plus extra blocks.
func networkRoot(t *testing.T, admitted, extra string) string {
	t.Helper()
	dir := t.TempDir()
	src := `resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "westeurope"
}
resource "azurerm_virtual_network" "spoke" {
  name                = "vnet-spoke"
  resource_group_name = azurerm_resource_group.rg.name
}
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.spoke.name
}
resource "azurerm_storage_account" "a" {
  name                = "sta"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = ` + admitted + `
  }
}
` + extra
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSubnetsAndVNets: where the endpoints go and which VNets the zones are
// linked to, for the subnet shapes landing zones use; and the shapes that
// are refused, with the reason.
func TestSubnetsAndVNets(t *testing.T) {
	pe := `resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.spoke.name
}
`
	tests := []struct {
		name, admitted, extra string
		opts                  Options
		want                  []string // in the generated file, or in the error
		wantErr               bool
	}{
		{"dedicated endpoints subnet preferred", `[azurerm_subnet.app.id]`, pe, Options{},
			[]string{"subnet_id                     = azurerm_subnet.pe.id", `"blob_core_windows_net_spoke"`}, false},
		{"--endpoint-subnet overrides", `[azurerm_subnet.app.id]`, pe, Options{EndpointSubnet: "azurerm_subnet.app"},
			[]string{"subnet_id                     = azurerm_subnet.app.id"}, false},
		{"--endpoint-subnet takes a subnet ID", `[azurerm_subnet.app.id]`, "", Options{DNSMode: manifest.DNSPolicy, EndpointSubnet: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe"},
			[]string{`subnet_id                     = "/subscriptions/00000000-0000-0000-0000-000000000001/`, `data "azurerm_virtual_network" "vnet_hub" {
  name                = "vnet-hub"
  resource_group_name = "rg-hub"
}`, "location                      = data.azurerm_virtual_network.vnet_hub.location"}, false},
		{"a subnet ID beside a VNet of the root", `[azurerm_subnet.app.id]`, "", Options{EndpointSubnet: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe"},
			[]string{`The VNet of "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe", known only by an ID, may be the VNet of azurerm_subnet.app.id`}, true},
		{"--endpoint-subnet with a subscription that is not a GUID", `[azurerm_subnet.app.id]`, "", Options{DNSMode: manifest.DNSPolicy, EndpointSubnet: "/subscriptions/spoke-prod/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe"},
			[]string{"--endpoint-subnet /subscriptions/spoke-prod/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-pe is not a subnet ID"}, true},
		{"--endpoint-subnet of another root", `[azurerm_subnet.app.id]`, "", Options{EndpointSubnet: "azurerm_subnet.gone"},
			[]string{"--endpoint-subnet names azurerm_subnet.gone.id, which is not the id of an azurerm_subnet of this root module"}, true},
		{"one variable subnet: its VNet read from the ID", `[var.app_subnet_id]`, "", Options{},
			[]string{`name                = element(split("/", var.app_subnet_id), 8)`, `resource_group_name = element(split("/", var.app_subnet_id), 4)`,
				"location                      = data.azurerm_virtual_network.var_app_subnet_id_vnet.location", `"blob_core_windows_net_var_app_subnet_id_vnet"`}, false},
		{"a variable subnet beside a VNet of the root", `[azurerm_subnet.app.id, var.batch_subnet_id]`, "", Options{},
			[]string{"main.tf:20,58-77: the VNet of var.batch_subnet_id, known only by an ID, may be the VNet of azurerm_subnet.app.id"}, true},
		{"a variable subnet beside a VNet of the root, hub DNS", `[azurerm_subnet.app.id, var.batch_subnet_id]`, "", Options{DNSMode: manifest.DNSPolicy},
			[]string{"subnet_id                     = azurerm_subnet.app.id"}, false},
		{"a list variable needs --endpoint-subnet", `var.subnet_ids`, "", Options{DNSMode: manifest.DNSPolicy},
			[]string{"admits the subnets of var.subnet_ids, which endpointgen cannot list, so it cannot choose a subnet"}, true},
		{"two endpoints subnets", `[azurerm_subnet.app.id]`, pe + strings.ReplaceAll(pe, `"pe"`, `"endpoints"`), Options{},
			[]string{"main.tf:14,1-39: azurerm_storage_account.a's private endpoints could go into any of the private-endpoint subnets azurerm_subnet.endpoints, azurerm_subnet.pe; Give --endpoint-subnet."}, true},
		{"a data subnet of a data VNet", `[data.azurerm_subnet.x.id]`, `data "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  resource_group_name = "rg-hub"
}
data "azurerm_subnet" "x" {
  name                 = "snet-x"
  virtual_network_name = data.azurerm_virtual_network.hub.name
  resource_group_name  = "rg-hub"
}
`, Options{EndpointSubnet: "data.azurerm_subnet.x"},
			[]string{"location                      = data.azurerm_virtual_network.hub.location", "subnet_id                     = data.azurerm_subnet.x.id",
				`"blob_core_windows_net_data_hub"`, "virtual_network_id    = data.azurerm_virtual_network.hub.id"}, false},
		{"a subnet naming a VNet of the root by its literal name", `[azurerm_subnet.app.id, data.azurerm_subnet.lit.id]`, `data "azurerm_subnet" "lit" {
  name                 = "snet-lit"
  virtual_network_name = "vnet-spoke"
  resource_group_name  = azurerm_resource_group.rg.name
}
`, Options{},
			[]string{`"blob_core_windows_net_spoke" {`}, false},
		{"--account unknown", `[azurerm_subnet.app.id]`, "", Options{Accounts: []string{"b"}},
			[]string{"--account b: the root module has no azurerm_storage_account of that name (it has: a)"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Phase = manifest.PhaseAdd
			changes, diags := runOpen(networkRoot(t, tt.admitted, tt.extra), opts)
			got := diags.Error()
			for _, c := range changes {
				got += string(c.New)
			}
			if strings.Contains(tt.name, "literal name") && strings.Count(got, "azurerm_private_dns_zone_virtual_network_link") != 1 {
				t.Errorf("one VNet, named two ways, must be linked once:\n%s", got)
			}
			if diags.HasErrors() != tt.wantErr {
				t.Fatalf("errors = %v, want errors: %v\n%s", diags, tt.wantErr, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
		})
	}
}

// TestSubresourcesInUse: --subresources overrides what the root shows in
// use, but may not leave out a sub-resource whose clients would then lose
// access; children are matched by storage_account_id, a reference to the
// account's name, or its literal name.
func TestSubresourcesInUse(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/subresources-in-use/before", dir)
	_, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, Subresources: []string{"blob"}})
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Summary))
	}
	want := []string{
		"jobs.tf:21: azurerm_storage_account.jobs uses file (azurerm_storage_share.scratch), which --subresources blob leaves out, so its clients would lose access at cutover",
		"jobs.tf:27: azurerm_storage_account.jobs uses queue (azurerm_storage_queue.work), which --subresources blob leaves out, so its clients would lose access at cutover",
		"lake.tf:9: azurerm_storage_account.lake uses dfs (is_hns_enabled = true), which --subresources blob leaves out, so its clients would lose access at cutover",
		"lake.tf:22: azurerm_storage_account.lake uses dfs (azurerm_storage_data_lake_gen2_filesystem.raw), which --subresources blob leaves out, so its clients would lose access at cutover",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, Subresources: []string{"blob", "dfs", "file", "queue"}}); diags.HasErrors() {
		t.Errorf("every sub-resource in use given: %v", diags)
	}

	r := &root{resources: map[string]block{}}
	for _, src := range []string{
		`resource "azurerm_storage_account" "a" {
  name = "sta"
}`,
		`resource "azurerm_storage_table" "by_reference" {
  storage_account_name = azurerm_storage_account.a.name
}`,
		`resource "azurerm_storage_share" "by_literal_name" {
  storage_account_name = "sta"
}`,
		`resource "azurerm_storage_queue" "other_account" {
  storage_account_name = "stb"
}`,
		`resource "azurerm_storage_container" "other_reference" {
  storage_account_id = azurerm_storage_account.b.id
}`,
	} {
		f, err := parse("main.tf", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		b := block{f, f.w.Body().Blocks()[0], f.s.Blocks[0]}
		r.resources[b.address()] = b
	}
	acc := &account{block: r.resources["azurerm_storage_account.a"], label: "a"}
	subs, _ := r.subresourcesFor(acc, nil)
	if strings.Join(subs, ",") != "blob,file,table" {
		t.Errorf("inferred %v, want blob,file,table", subs)
	}
}

// TestFunctionHostStorage: an account a function app or a Standard logic
// app keeps its host's state in gets endpoints for every sub-resource that
// host uses (blob, queue, table, and file where the plan holds the code on
// an Azure Files share); --subresources may not leave one out.
func TestFunctionHostStorage(t *testing.T) {
	plan := func(sku string) string {
		return `resource "azurerm_service_plan" "p" {
  name     = "asp"
  os_type  = "Linux"
  sku_name = "` + sku + `"
}
`
	}
	app := func(typ, extra string) string {
		return `resource "` + typ + `" "app" {
  name                 = "func"
  service_plan_id      = azurerm_service_plan.p.id
  storage_account_name = azurerm_storage_account.a.name
` + extra + `}
`
	}
	tests := []struct {
		name, extra string
		want        string
	}{
		{"linux function app on Elastic Premium (the report)", plan("EP1") + app("azurerm_linux_function_app", ""), "blob,file,queue,table"},
		{"windows function app on Consumption", plan("Y1") + app("azurerm_windows_function_app", ""), "blob,file,queue,table"},
		{"function app slot, plan unreadable", app("azurerm_linux_function_app_slot", ""), "blob,file,queue,table"},
		{"plan by variable", strings.Replace(app("azurerm_linux_function_app", ""), "azurerm_service_plan.p.id", "var.plan_id", 1), "blob,file,queue,table"},
		{"dedicated plan: no content share", plan("P1v3") + app("azurerm_linux_function_app", ""), "blob,queue,table"},
		{"content share disabled", plan("EP1") + app("azurerm_linux_function_app", "  content_share_force_disabled = true\n"), "blob,queue,table"},
		{"literal account name", plan("EP2") + strings.Replace(app("azurerm_windows_function_app", ""), "azurerm_storage_account.a.name", `"sta"`, 1), "blob,file,queue,table"},
		{"another account", plan("EP1") + strings.Replace(app("azurerm_linux_function_app", ""), "azurerm_storage_account.a.name", "azurerm_storage_account.b.name", 1), "blob"},
		{"Standard logic app", plan("WS1") + app("azurerm_logic_app_standard", ""), "blob,file,queue,table"},
		{"Flex Consumption deploys from a container", `resource "azurerm_function_app_flex_consumption" "app" {
  storage_container_endpoint = "${azurerm_storage_account.a.primary_blob_endpoint}deploy"
}
`, "blob,queue,table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := networkRoot(t, "[azurerm_subnet.app.id]", `resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.spoke.name
}
`+tt.extra)
			changes, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, EndpointSubnet: "azurerm_subnet.pe"})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			var got []string
			for _, c := range changes {
				for _, m := range regexp.MustCompile(`subresource_names += \["(\w+)"\]`).FindAllSubmatch(c.New, -1) {
					got = append(got, string(m[1]))
				}
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("endpoints for %v, want %s", got, tt.want)
			}
			if tt.want == "blob" {
				return
			}
			_, diags = runOpen(dir, Options{Phase: manifest.PhaseAdd, EndpointSubnet: "azurerm_subnet.pe", Subresources: []string{"blob"}})
			if !diags.HasErrors() {
				t.Fatal("--subresources blob leaves queue out, and no problem says so")
			}
			assertProblem(t, diags, "azurerm_storage_account.a uses queue (the host of ")
			assertProblem(t, diags, "table (the host of ")
		})
	}
}

// TestExistingDNSStopsManagedZones: a zone read by a data source, a link of
// a same-named zone to the VNet, or custom DNS servers on it refuse managed
// zones, naming what was found and the --dns existing to run instead.
func TestExistingDNSStopsManagedZones(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/hub-zone-data-source/before", dir)
	_, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd})
	var got []string
	for _, d := range diags {
		got = append(got, fmt.Sprintf("%s:%d: %s %s", filepath.Base(d.Subject.Filename), d.Subject.Start.Line, d.Summary, d.Detail))
	}
	for _, want := range []string{
		"main.tf:27: the root reads the zone privatelink.blob.core.windows.net with data.azurerm_private_dns_zone.blob, so it is managed elsewhere, and a second zone of that name would hold the private endpoints' records instead Run with --dns existing --zone-id privatelink.blob.core.windows.net=data.azurerm_private_dns_zone.blob.id.",
		"main.tf:44: azurerm_virtual_network.payroll uses custom DNS servers (dns_servers), which answer for it instead of the private DNS zones linked to it",
	} {
		if !slices.Contains(got, want) && !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}

	link := `resource "azurerm_private_dns_zone_virtual_network_link" "hub_blob" {
  name                  = "link-spoke"
  private_dns_zone_name = "privatelink.blob.core.windows.net"
  resource_group_name   = "rg-dns"
  virtual_network_id    = azurerm_virtual_network.spoke.id
}
`
	servers := `resource "azurerm_virtual_network_dns_servers" "spoke" {
  virtual_network_id = azurerm_virtual_network.spoke.id
  dns_servers        = ["10.0.0.4"]
}
`
	for extra, want := range map[string]string{
		link:    "azurerm_private_dns_zone_virtual_network_link.hub_blob links a zone named privatelink.blob.core.windows.net to azurerm_virtual_network.spoke already",
		servers: "azurerm_virtual_network.spoke uses custom DNS servers (azurerm_virtual_network_dns_servers.spoke)",
	} {
		_, diags := runOpen(networkRoot(t, "[azurerm_subnet.app.id]", extra), Options{Phase: manifest.PhaseAdd})
		if !strings.Contains(diags.Error(), want) {
			t.Errorf("want %q, got %v", want, diags)
		}
	}
	if _, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, DNSMode: manifest.DNSExisting,
		ZoneIDs: map[string]string{"privatelink.blob.core.windows.net": "data.azurerm_private_dns_zone.hub.id"}}); !strings.Contains(diags.Error(), "the root module has no data.azurerm_private_dns_zone.hub") {
		t.Errorf("a zone expression naming nothing: %v", diags)
	}
	// A literal zone ID is checked as the manifest's are: a GUID for the
	// subscription (the provider takes any segment; only apply would fail),
	// and the zone's own name.
	const zone = "privatelink.blob.core.windows.net"
	for id, want := range map[string]string{
		"/subscriptions/hub-sub/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/" + zone:                                                        "is not that zone's resource ID",
		"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net": "is not that zone's resource ID",
		"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/" + zone:                           "",
		"/subscriptions/ABCDEF01-2345-6789-ABCD-EF0123456789/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/" + zone:                           "",
	} {
		_, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, DNSMode: manifest.DNSExisting, ZoneIDs: map[string]string{zone: id}})
		switch {
		case want == "" && diags.HasErrors():
			t.Errorf("--zone-id %s: %v", id, diags)
		case want != "" && !strings.Contains(diags.Error(), want):
			t.Errorf("--zone-id %s: want %q, got %v", id, want, diags)
		}
	}
}

// TestCleanupDetachesServiceEndpointPolicies: Azure applies a service
// endpoint policy only to a subnet with the service endpoint, so cleanup
// removes service_endpoint_policy_ids with Microsoft.Storage, in both
// providers' syntax, also where another service endpoint stays; the
// checklist names the policy; a subnet cleanup leaves alone keeps it.
func TestCleanupDetachesServiceEndpointPolicies(t *testing.T) {
	const policy = `
resource "azurerm_subnet_service_endpoint_storage_policy" "app" {
  name                = "sep-app"
  resource_group_name = azurerm_resource_group.atlas.name
  location            = azurerm_resource_group.atlas.location
}
`
	const ids = "\n  service_endpoint_policy_ids = [azurerm_subnet_service_endpoint_storage_policy.app.id]\n"
	tests := []struct {
		name, fixture, old, new string
		detached                bool
	}{
		{"azurerm 4", "inline-rules", `  service_endpoints    = ["Microsoft.Storage"] # added for the lake` + "\n", `  service_endpoints    = ["Microsoft.Storage"] # added for the lake` + ids, true},
		{"azurerm 4, Key Vault endpoint stays", "inline-rules", `  service_endpoints    = ["Microsoft.Storage"] # added for the lake` + "\n", `  service_endpoints    = ["Microsoft.Storage", "Microsoft.KeyVault"]` + ids, true},
		{"azurerm 5 (the report)", "inline-rules-azurerm5", "  address_prefixes     = [\"10.10.1.0/24\"]\n", "  address_prefixes     = [\"10.10.1.0/24\"]" + ids, true},
		{"azurerm 5, still admitted", "inline-rules-azurerm5", "  address_prefixes     = [\"10.10.1.0/24\"]\n", "  address_prefixes     = [\"10.10.1.0/24\"]" + ids, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, filepath.Join("testdata", tt.fixture, "after-cutover"), dir)
			main := filepath.Join(dir, "main.tf")
			src, _ := os.ReadFile(main)
			edited := strings.Replace(string(src), tt.old, tt.new, 1)
			if edited == string(src) {
				t.Fatal("the fixture edit did not apply")
			}
			edited += policy
			if !tt.detached {
				// Another account still admits the subnet: cleanup refuses
				// and changes nothing.
				edited += `
resource "azurerm_storage_account" "other" {
  name = "stother"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.app.id]
  }
}
`
			}
			os.WriteFile(main, []byte(edited), 0o644)
			opts := Options{Phase: manifest.PhaseCleanup}
			checklist := strings.Join(RootChecklist(dir, opts), "\n")
			changes, diags := Run(dir, opts)
			if !tt.detached {
				if !diags.HasErrors() {
					t.Fatal("cleanup ran on a subnet another account still admits")
				}
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			if len(changes) != 1 {
				t.Fatalf("%d changes, want main.tf only", len(changes))
			}
			got := string(changes[0].New)
			if strings.Contains(got, "service_endpoint_policy_ids") || strings.Contains(got, `"Microsoft.Storage"`) {
				t.Errorf("the policy or the endpoint stays:\n%s", got)
			}
			if !strings.Contains(got, `resource "azurerm_subnet_service_endpoint_storage_policy" "app"`) {
				t.Error("cleanup deleted the policy, which may serve other subnets")
			}
			if strings.Contains(tt.new, "KeyVault") && !strings.Contains(got, `service_endpoints    = ["Microsoft.KeyVault"]`) {
				t.Errorf("the Key Vault endpoint is gone:\n%s", got)
			}
			if want := "Cleanup detaches azurerm_subnet_service_endpoint_storage_policy.app from azurerm_subnet.app (service_endpoint_policy_ids, main.tf:"; !strings.Contains(checklist, want) {
				t.Errorf("checklist lacks %q:\n%s", want, checklist)
			}
		})
	}
}

// TestRootChecklist: the checklist names, with file:line, the IP rules
// that lose access at cutover and the subnets this root does not declare,
// and before cleanup gives the Resource Graph query over the subnets whose
// service endpoint goes.
func TestRootChecklist(t *testing.T) {
	tests := []struct {
		dir   string
		phase manifest.Phase
		opts  Options
		want  []string
	}{
		{"inline-rules/before", manifest.PhaseAdd, Options{}, []string{
			`At cutover azurerm_storage_account.lake stops admitting ip_rules = ["203.0.113.0/24"] (main.tf:59)`}},
		{"inline-rules/after-add", manifest.PhaseCutover, Options{}, []string{
			`stops admitting ip_rules = ["203.0.113.0/24"] (main.tf:59)`,
			"`echo azurerm_subnet.app.id | terraform console`",
			"| mv-expand rule = properties.networkAcls.virtualNetworkRules\n",
			"| where tostring(rule.id) in~ ('<azurerm_subnet.app.id>')\n"}},
		{"two-vnets/before", manifest.PhaseAdd, Options{}, nil},
		{"landing-zone/before", manifest.PhaseAdd, Options{Accounts: []string{"documents"}}, []string{
			"azurerm_storage_account.documents admits data.azurerm_subnet.app.id, subnets this root does not declare"}},
		{"landing-zone/after-cutover", manifest.PhaseCleanup, Options{}, []string{
			"Cleanup removes no service endpoint here"}},
		{"variable-subnets/before", manifest.PhaseAdd, Options{DNSMode: manifest.DNSPolicy}, []string{
			"azurerm_storage_account.telemetry admits var.collector_subnet_ids, subnets this root does not declare",
			"The hub's zones answer in every VNet whose clients use the accounts (the VNets of var.collector_subnet_ids)"}},
		{"two-vnets/before", manifest.PhaseAdd, Options{DNSMode: manifest.DNSExisting}, []string{
			"(azurerm_virtual_network.web, azurerm_virtual_network.batch)"}},
	}
	for _, tt := range tests {
		opts := tt.opts
		opts.Phase = tt.phase
		got := strings.Join(RootChecklist(filepath.Join("testdata", tt.dir), opts), "\n")
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s %s: missing %q in\n%s", tt.dir, tt.phase, w, got)
			}
		}
		if tt.opts.DNSMode == "" && strings.Contains(got, "The hub's zones") {
			t.Errorf("%s: managed zones are linked by endpointgen, yet the checklist asks for hub zones:\n%s", tt.dir, got)
		}
		if tt.dir == "landing-zone/before" && strings.Contains(got, "exports") {
			t.Errorf("an account left out by --account is in the checklist:\n%s", got)
		}
	}
}

// TestOtherServicesNamed: a root without a storage account to migrate
// says --dir migrates storage accounts and names what else it found.
func TestOtherServicesNamed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "azurerm_key_vault" "secrets" {
  name = "kv"
}

resource "azurerm_mssql_server" "orders" {
  name = "sql"
}
`), 0o644)
	_, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd})
	want := "--dir migrates storage accounts; it does not migrate Azure SQL logical server azurerm_mssql_server.orders (main.tf:5), Key Vault azurerm_key_vault.secrets (main.tf:1)"
	if !strings.Contains(diags.Error(), want) {
		t.Errorf("want %q in %v", want, diags)
	}
}

// TestSubnetIDsOfOneVNetShareALink: literal subnet IDs name their VNet, so
// two subnets of one VNet give one data source and one link per zone.
func TestSubnetIDsOfOneVNetShareALink(t *testing.T) {
	id := func(subnet string) string {
		return `"/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/` + subnet + `"`
	}
	changes, diags := runOpen(networkRoot(t, "["+id("x")+", "+id("y")+"]", ""), Options{Phase: manifest.PhaseAdd})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := string(changes[0].New)
	if n := strings.Count(got, `resource "azurerm_private_dns_zone_virtual_network_link"`); n != 1 {
		t.Errorf("%d links, want 1:\n%s", n, got)
	}
	if n := strings.Count(got, `data "azurerm_virtual_network" "vnet_a"`); n != 1 {
		t.Errorf("%d data sources of vnet-a, want 1:\n%s", n, got)
	}
}

// TestVNetsOfOneName: two VNets of one name in two resource groups, by
// literal subnet IDs, get data sources and links of their own.
func TestVNetsOfOneName(t *testing.T) {
	id := func(rg string) string {
		return `"/subscriptions/s/resourceGroups/` + rg + `/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/x"`
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "azurerm_storage_account" "a" {
  name                = "sta"
  resource_group_name = "rg"
  location            = "westeurope"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [`+id("rg-one")+", "+id("rg-two")+`]
  }
}
`), 0o644)
	changes, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := string(changes[0].New)
	for _, want := range []string{
		`data "azurerm_virtual_network" "vnet_a" {
  name                = "vnet-a"
  resource_group_name = "rg-one"
}`,
		`data "azurerm_virtual_network" "vnet_a_2" {
  name                = "vnet-a"
  resource_group_name = "rg-two"
}`,
		`resource "azurerm_private_dns_zone_virtual_network_link" "blob_core_windows_net_vnet_a" {
  name                  = format("link-%s-%s", data.azurerm_virtual_network.vnet_a.resource_group_name, data.azurerm_virtual_network.vnet_a.name)`,
		`resource "azurerm_private_dns_zone_virtual_network_link" "blob_core_windows_net_vnet_a_2" {
  name                  = format("link-%s-%s", data.azurerm_virtual_network.vnet_a_2.resource_group_name, data.azurerm_virtual_network.vnet_a_2.name)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// TestLinkNamesOfVNetsThatMayShareOne: the links of VNets whose names may
// be equal (one known only by an expression, or literals differing in case
// only) are named by resource group and VNet; VNets of distinct literal
// names keep link-VNET (two-vnets shows it).
func TestLinkNamesOfVNetsThatMayShareOne(t *testing.T) {
	for name, second := range map[string]string{"expression": "var.other_vnet_name", "case": `"VNET-SPOKE"`} {
		extra := `resource "azurerm_virtual_network" "other" {
  name                = ` + second + `
  resource_group_name = "rg-other"
}
resource "azurerm_subnet" "other" {
  name                 = "snet-app"
  resource_group_name  = "rg-other"
  virtual_network_name = azurerm_virtual_network.other.name
}
`
		changes, diags := runOpen(networkRoot(t, "[azurerm_subnet.app.id, azurerm_subnet.other.id]", extra), Options{Phase: manifest.PhaseAdd})
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		got := string(changes[0].New)
		for _, want := range []string{
			`format("link-%s-%s", azurerm_virtual_network.spoke.resource_group_name, azurerm_virtual_network.spoke.name)`,
			`format("link-%s-%s", azurerm_virtual_network.other.resource_group_name, azurerm_virtual_network.other.name)`,
		} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: missing %q in\n%s", name, want, got)
			}
		}
	}
}

// TestCutoverRunsBeside: what only looks like a reason to stop does not
// stop the cutover: an ignore_changes on an attribute whose name contains
// "all", a container managed through Resource Manager, and the data plane
// of an account the cutover leaves open.
func TestCutoverRunsBeside(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/inline-rules/after-add", dir)
	path := filepath.Join(dir, "main.tf")
	src, _ := os.ReadFile(path)
	edited := strings.Replace(string(src), "  infrastructure_encryption_enabled = true\n",
		"  infrastructure_encryption_enabled = true\n\n  lifecycle {\n    ignore_changes = [allow_nested_items_to_be_public, tags[\"CostCenter\"]]\n  }\n", 1) + `
resource "azurerm_storage_container" "raw" {
  name               = "raw"
  storage_account_id = azurerm_storage_account.lake.id
}

resource "azurerm_storage_account" "public" {
  name = "statlaspublic01"
}

resource "azurerm_storage_container" "downloads" {
  name                 = "downloads"
  storage_account_name = azurerm_storage_account.public.name
}

resource "azurerm_storage_blob" "index" {
  name                   = "index.html"
  storage_account_name   = azurerm_storage_account.public.name
  storage_container_name = azurerm_storage_container.downloads.name
  type                   = "Block"
  source_uri             = "https://${azurerm_storage_account.lake.primary_blob_host}/raw/index.html"

  depends_on = [azurerm_storage_account.lake]
}
`
	os.WriteFile(path, []byte(edited), 0o644)
	changes, diags := runOpen(dir, Options{Phase: manifest.PhaseCutover})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(changes) == 0 {
		t.Error("cutover changed nothing")
	}
}

// TestLineEndingsAndBOMKept: a root written with CRLF line endings, and a
// file with a UTF-8 byte order mark, comes out of every phase exactly as
// the LF goldens say, in its own encoding: untouched lines keep every
// byte, edited and new lines end in CRLF, the BOM stays.
func TestLineEndingsAndBOMKept(t *testing.T) {
	const fixture = "standalone-references"
	encode := func(name, s string) string {
		s = strings.ReplaceAll(s, "\n", "\r\n")
		if name == "storage.tf" {
			s = "\ufeff" + s
		}
		return s
	}
	dir := t.TempDir()
	for name, content := range readDir(t, filepath.Join("testdata", fixture, "before")) {
		os.WriteFile(filepath.Join(dir, name), []byte(encode(name, content)), 0o644)
	}
	for _, phase := range manifest.Phases {
		changes, diags := runOpen(dir, Options{Phase: phase})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", phase, diags)
		}
		if err := outdir.Apply(dir, changes); err != nil {
			t.Fatal(err)
		}
		want := readDir(t, filepath.Join("testdata", fixture, "after-"+string(phase)))
		for name, got := range readDir(t, dir) {
			w := want[name]
			if name != GeneratedFile {
				w = encode(name, w)
			}
			if got != w {
				t.Errorf("%s: %s is not the golden in its own encoding:\n%q\nwant\n%q", phase, name, got, w)
			}
		}
	}
}

// runOpen is Run for a test root that leaves the azurerm major open (no
// lock file, no constraint): it runs as azurerm 4, the syntax such roots
// are written in.
func runOpen(dir string, opts Options) ([]outdir.Change, hcl.Diagnostics) {
	if opts.Provider == "" {
		if _, err := load(dir, ""); err != nil && strings.Contains(err.Error(), "give --provider") {
			opts.Provider = "4"
		}
	}
	return Run(dir, opts)
}

// TestCleanupKeepsBlankLinesBeforeBraces: cleanup drops the blank line its
// removal of a service_endpoint block leaves before the subnet's closing
// brace, but a file that already had one there is the user's style, left
// as it was.
func TestCleanupKeepsBlankLinesBeforeBraces(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/shared-subnet/after-cutover", dir)
	main := filepath.Join(dir, "main.tf")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	const styled = "  tags     = local.tags\n\n}\n"
	edited := strings.Replace(string(src), "  tags     = local.tags\n}\n", styled, 1)
	if edited == string(src) {
		t.Fatal("the edit does not apply to shared-subnet/after-cutover/main.tf")
	}
	if err := os.WriteFile(main, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	changes, diags := runOpen(dir, Options{Phase: manifest.PhaseCleanup})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, c := range changes {
		if c.Name == "main.tf" {
			if got := string(c.New); !strings.Contains(got, styled) || strings.Contains(got, `"Microsoft.Storage"`) {
				t.Errorf("cleanup should remove the storage endpoint and keep the blank line before the brace:\n%s", got)
			}
			return
		}
	}
	t.Fatal("cleanup did not change main.tf")
}

// TestExistingEndpointsStopTheAdd: a private endpoint of the root that
// connects an account to migrate (by reference, in a template, or by a
// literal ID of its name) stops the add phase at that endpoint, whatever
// the DNS mode; one that connects something else does not. A zone group
// that registers in a hub zone by its literal ID stops managed zones of
// that name, as a zone read by a data source does.
func TestExistingEndpointsStopTheAdd(t *testing.T) {
	const hubBlob = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
	existing := Options{Phase: manifest.PhaseAdd, DNSMode: manifest.DNSExisting, ZoneIDs: map[string]string{"privatelink.blob.core.windows.net": hubBlob}}
	for _, opts := range []Options{{Phase: manifest.PhaseAdd}, existing, {Phase: manifest.PhaseAdd, DNSMode: manifest.DNSPolicy}} {
		dir := t.TempDir()
		copyDir(t, "testdata/existing-endpoint/before", dir)
		changes, diags := Run(dir, opts)
		if changes != nil || !diags.HasErrors() {
			t.Fatalf("--dns %s: changes %v, diagnostics %v", opts.DNSMode, changes, diags)
		}
		assertProblem(t, diags, "pe.tf:2,azurerm_private_endpoint.sa_blob_manual is a private endpoint of azurerm_storage_account.sa (blob) already")
	}

	endpoint := func(target, zoneIDs string) string {
		return `resource "azurerm_private_endpoint" "manual" {
  name = "pe-manual"
  private_service_connection {
    name                           = "psc"
    private_connection_resource_id = ` + target + `
    subresource_names              = ["file"]
    is_manual_connection           = false
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = ` + zoneIDs + `
  }
}
`
	}
	const vault = `"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"`
	for _, tt := range []struct{ name, extra, want string }{
		{"by reference", endpoint("azurerm_storage_account.a.id", "[]"), "main.tf:23,azurerm_private_endpoint.manual is a private endpoint of azurerm_storage_account.a (file) already"},
		{"in a template", endpoint(`"${azurerm_storage_account.a.id}"`, "[]"), "main.tf:23,azurerm_private_endpoint.manual is a private endpoint of azurerm_storage_account.a (file) already"},
		{"by a literal ID of its name", endpoint(`"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/STA"`, "[]"),
			"main.tf:23,azurerm_private_endpoint.manual is a private endpoint of azurerm_storage_account.a (file) already"},
		{"another account's endpoint, in a hub zone", endpoint("azurerm_storage_account.other.id", `["`+hubBlob+`"]`),
			"main.tf:33,azurerm_private_endpoint.manual registers in the zone privatelink.blob.core.windows.net by its resource ID"},
		{"another account by a literal ID", endpoint(`"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stab"`, "[]"), ""},
		{"a hub zone endpointgen does not create", endpoint("azurerm_key_vault.kv.id", "["+vault+"]"), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := networkRoot(t, "[azurerm_subnet.app.id]", tt.extra)
			_, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd})
			if tt.want == "" {
				if diags.HasErrors() {
					t.Fatal(diags)
				}
				return
			}
			if !diags.HasErrors() {
				t.Fatalf("no problem, want %q", tt.want)
			}
			assertProblem(t, diags, tt.want)
			if strings.Contains(tt.want, "registers in the zone") {
				if _, diags := runOpen(dir, Options{Phase: manifest.PhaseAdd, DNSMode: manifest.DNSExisting, ZoneIDs: map[string]string{"privatelink.blob.core.windows.net": hubBlob}}); diags.HasErrors() {
					t.Errorf("--dns existing with the hub zone: %v", diags)
				}
			}
		})
	}
}

// TestProviderOfTheEndpointSubnet: an account whose private endpoints'
// subnet is read through another provider configuration (another
// subscription) than the account's is refused at the account, naming both;
// the same root with the account on the subnet's provider is not.
func TestProviderOfTheEndpointSubnet(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, "testdata/provider-mismatch/before", dir)
	_, diags := Run(dir, Options{Phase: manifest.PhaseAdd})
	if !diags.HasErrors() {
		t.Fatal("no problem")
	}
	assertProblem(t, diags, "main.tf:48,azurerm_storage_account.sa uses azurerm.workload, and its private endpoints' subnet data.azurerm_subnet.pe (main.tf:35) uses azurerm.connectivity")
	src, _ := os.ReadFile(filepath.Join(dir, "main.tf"))
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(strings.ReplaceAll(string(src), "provider                 = azurerm.workload\n", "provider                 = azurerm.connectivity\n")), 0o644)
	changes, diags := Run(dir, Options{Phase: manifest.PhaseAdd})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got := string(changes[0].New)
	if n := strings.Count(got, "provider "); n != 4 || strings.Count(got, "= azurerm.connectivity\n") != 4 {
		t.Errorf("want provider = azurerm.connectivity on the data source, endpoint, zone and link, got %d provider arguments:\n%s", n, got)
	}
}

// TestCloseRulesComments: cutover drops a comment at the end of a list it
// empties (it described the entries), # or //, and on a default_action it
// changes, and keeps the comments above the list; a default_action that
// was Deny keeps its comment.
func TestCloseRulesComments(t *testing.T) {
	src := `network_rules {
  default_action = "Allow" # open
  # the office and the VPN
  ip_rules = ["203.0.113.10", "198.51.100.0/24"] # office
  virtual_network_subnet_ids = [azurerm_subnet.app.id] // app tier
}
`
	f, diags := hclwrite.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	closeRules(f.Body().Blocks()[0].Body())
	want := `network_rules {
  default_action = "Deny"
  # the office and the VPN
  ip_rules                   = []
  virtual_network_subnet_ids = []
}
`
	if got := string(hclwrite.Format(f.Bytes())); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCloseRulesKeepsCommentOfUnchangedDefault(t *testing.T) {
	f, _ := hclwrite.ParseConfig([]byte("network_rules {\n  default_action = \"Deny\" # closed\n}\n"), "main.tf", hcl.InitialPos)
	closeRules(f.Body().Blocks()[0].Body())
	if !strings.Contains(string(f.Bytes()), `"Deny" # closed`) {
		t.Errorf("the comment of an unchanged default_action went:\n%s", f.Bytes())
	}
}

// TestForEachSubnets: an instance of a subnet built with for_each or count
// (azurerm_subnet.this["app"].id) is the root's subnet: its VNet is the
// root's VNet when virtual_network_name names it, else read by the ID;
// --endpoint-subnet may name an instance; cleanup leaves the instance's
// service endpoints to the user and the checklist says so; an index on a
// subnet without for_each or count is refused.
func TestForEachSubnets(t *testing.T) {
	root := func(meta, vnetName, admitted string) string {
		return `terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.81"
    }
  }
}
provider "azurerm" {
  features {}
}
resource "azurerm_resource_group" "this" {
  name     = "rg"
  location = "westeurope"
}
resource "azurerm_virtual_network" "this" {
  name                = "vnet"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
}
resource "azurerm_subnet" "this" {
  ` + meta + `
  name                 = "snet"
  resource_group_name  = azurerm_resource_group.this.name
  virtual_network_name = ` + vnetName + `
  service_endpoints    = ["Microsoft.Storage"]
}
resource "azurerm_storage_account" "sa" {
  name                = "stsa"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [` + admitted + `]
  }
}
`
	}
	const forEach = "for_each = toset([\"app\", \"pe\"])"
	tests := []struct {
		name, meta, vnetName, admitted, endpointSubnet string
		want                                           []string // in the generated file
		problem                                        string
	}{
		{"for_each (the report)", forEach, "azurerm_virtual_network.this.name", `azurerm_subnet.this["app"].id`, "", []string{
			"# endpointgen: service-endpoint subnets: azurerm_subnet.this[\"app\"]\n",
			"subnet_id                     = azurerm_subnet.this[\"app\"].id",
			"virtual_network_id    = azurerm_virtual_network.this.id"}, ""},
		{"count", "count = 2", "azurerm_virtual_network.this.name", `azurerm_subnet.this[0].id`, "", []string{
			"# endpointgen: service-endpoint subnets: azurerm_subnet.this[0]\n",
			"virtual_network_id    = azurerm_virtual_network.this.id"}, ""},
		{"endpoint subnet an instance", forEach, "azurerm_virtual_network.this.name", `azurerm_subnet.this["app"].id`, `azurerm_subnet.this["pe"]`, []string{
			"subnet_id                     = azurerm_subnet.this[\"pe\"].id"}, ""},
		{"VNet per instance: read by the ID", forEach, "each.key", `azurerm_subnet.this["app"].id`, "", []string{
			`name                = element(split("/", azurerm_subnet.this["app"].id), 8)`}, ""},
		{"a private-endpoint subnet with count is no candidate", "count = 2", "azurerm_virtual_network.this.name", `azurerm_subnet.this[0].id`, "", []string{
			"subnet_id                     = azurerm_subnet.this[0].id"}, ""},
		{"index on a single subnet", "", "azurerm_virtual_network.this.name", `azurerm_subnet.this["app"].id`, "", nil,
			`azurerm_storage_account.sa admits azurerm_subnet.this["app"].id, which is not the id of an instance of an azurerm_subnet of this root module built with for_each or count`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			src := root(tt.meta, tt.vnetName, tt.admitted)
			if strings.HasPrefix(tt.name, "a private-endpoint subnet") {
				src = strings.Replace(src, `"snet"`, `"snet-pe"`, 1)
			}
			os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644)
			opts := Options{Phase: manifest.PhaseAdd, EndpointSubnet: tt.endpointSubnet}
			changes, diags := Run(dir, opts)
			if tt.problem != "" {
				assertProblem(t, diags, tt.problem)
				return
			}
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			gen := string(changes[0].New)
			for _, w := range tt.want {
				if !strings.Contains(gen, w) {
					t.Errorf("the generated file lacks %q:\n%s", w, gen)
				}
			}
			if checklist := strings.Join(RootChecklist(dir, opts), "\n"); strings.Contains(checklist, "does not declare") {
				t.Errorf("an instance counts as a subnet the root does not declare:\n%s", checklist)
			}
			if tt.endpointSubnet != "" {
				return
			}
			for _, phase := range manifest.Phases {
				opts.Phase = phase
				checklist := strings.Join(RootChecklist(dir, opts), "\n")
				changes, diags := Run(dir, opts)
				if diags.HasErrors() {
					t.Fatalf("%s: %v", phase, diags)
				}
				if phase != manifest.PhaseCleanup {
					if err := outdir.Apply(dir, changes); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if len(changes) != 0 {
					t.Errorf("cleanup changed %s, whose service endpoints are the same for every instance", changes[0].Name)
				}
				if want := "azurerm_subnet.this is built with for_each or count (main.tf:25), and cleanup cannot edit the service endpoints of its instance ["; !strings.Contains(checklist, want) {
					t.Errorf("checklist lacks %q:\n%s", want, checklist)
				}
				if want := "`echo 'azurerm_subnet.this["; !strings.Contains(checklist, want) {
					t.Errorf("checklist lacks %q:\n%s", want, checklist)
				}
			}
		})
	}
}
