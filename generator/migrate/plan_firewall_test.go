package migrate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/plantest"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// planTool is plantest.Config: see there.
func planTool(t *testing.T, major string) string { return plantest.Config(t, major) }

// firewallRules are, per resource type endpointgen writes with a firewall,
// the rule lists a closed service must plan empty.
var firewallRules = map[string][]string{
	storageType:                    {"network_rules[0].ip_rules", "network_rules[0].virtual_network_subnet_ids"},
	"azurerm_key_vault":            {"network_acls[0].ip_rules", "network_acls[0].virtual_network_subnet_ids"},
	"azurerm_cosmosdb_account":     {"ip_range_filter", "virtual_network_rule"},
	"azurerm_servicebus_namespace": {"network_rule_set[0].ip_rules", "network_rule_set[0].network_rules"},
	"azurerm_eventhub_namespace":   {"network_rulesets[0].ip_rule", "network_rulesets[0].virtual_network_rule"},
	"azurerm_cognitive_account":    {"network_acls[0].ip_rules", "network_acls[0].virtual_network_rules"},
	"azurerm_linux_web_app":        {"site_config[0].ip_restriction"},
}

// firewallTest is a terraform test file that plans the module with a mock
// azurerm provider (the real schema, no Azure) and asserts that every
// service with a firewall has public network access disabled and its VNet
// and IP rules planned empty. An Optional+Computed rule list left out of
// the configuration plans as unknown, so the assertion cannot hold and the
// test fails: the plan must say the rules are gone. In a root migrated
// with --dir, that holds for the accounts it migrated; one it left out
// (--account) must keep public network access.
func firewallTest(t *testing.T, dir string, r *root) string {
	t.Helper()
	var migrated map[string]bool
	if gen := r.generated(); gen != nil {
		migrated = gen.endpoints
	}
	f := mockHeader(r)
	run := f.Body().AppendNewBlock("run", []string{"firewall_closed"}).Body()
	run.SetAttributeRaw("command", hclwrite.TokensForIdentifier("plan"))
	n := 0
	assert := func(cond, msg string) {
		a := run.AppendNewBlock("assert", nil).Body()
		a.SetAttributeRaw("condition", rawExpr(cond))
		a.SetAttributeRaw("error_message", hclgen.Literal(msg))
		n++
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parsed, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" || len(b.Labels) != 2 || firewallRules[b.Labels[0]] == nil {
				continue
			}
			addr := strings.Join(b.Labels, ".")
			if migrated != nil && !migrated[addr] {
				assert(addr+".public_network_access_enabled != false", addr+" was not migrated, yet its public network access is disabled")
				continue
			}
			assert(addr+".public_network_access_enabled == false", addr+": public network access is not disabled")
			for _, list := range firewallRules[b.Labels[0]] {
				// Optional-only lists left out plan null.
				assert(fmt.Sprintf("length(coalesce(%s.%s, [])) == 0", addr, list), addr+": the plan keeps "+list)
			}
		}
	}
	if n == 0 {
		t.Fatalf("%s has no service with a firewall to check", dir)
	}
	return string(hclwrite.Format(f.Bytes()))
}

// TestPlanClosesFirewalls runs a terraform test plan with the real provider
// schema on what the cutover and cleanup phases write, generated (-f) and
// hand-written (--dir): the plan must disable public access and leave no
// VNet or IP rule, and the root must stay valid (a depends_on on a retired
// resource fails validate).
func TestPlanClosesFirewalls(t *testing.T) {
	dirs := []string{"../../examples/migrate-inventory/phase-cutover", "../../examples/migrate-inventory/phase-cleanup",
		// What cleanup ends in, for every service type with a firewall.
		"../../examples/all-services-private-endpoint/terraform"}
	fixtures, _ := filepath.Glob("testdata/*/after-cutover")
	cleanups, _ := filepath.Glob("testdata/*/after-cleanup")
	dirs = append(dirs, append(fixtures, cleanups...)...)
	if len(fixtures) < 4 {
		t.Fatalf("found %d after-cutover fixtures", len(fixtures))
	}
	for _, dir := range dirs {
		name := strings.TrimPrefix(strings.TrimPrefix(dir, "../../examples/"), "testdata/")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// terraform test validates the configuration before it plans.
			if out, err := terraform(t, planWorkspace(t, dir, nil), "test"); err != nil {
				t.Errorf("terraform test: %v\n%s", err, out)
			}
		})
	}
	// The checks fail on what the cutover wrote before: rule lists left
	// out, and a depends_on on the retired rules resource; and on an
	// account closed that the migration left out.
	controls := []struct {
		name, dir, file, old, new, command, want string
	}{
		{"rules left out", "testdata/shared-subnet/after-cutover", "storage.tf",
			"    virtual_network_subnet_ids = []\n    ip_rules                   = []\n", "", "test",
			"network_rules[0].virtual_network_subnet_ids is a set of string"},
		{"depends_on the retired resource", "testdata/standalone-references/after-cutover", "outputs.tf",
			"depends_on = [azurerm_storage_account.reports]", "depends_on = [azurerm_storage_account_network_rules.reports]", "validate",
			"Reference to undeclared resource"},
		{"the account left out closed", "testdata/landing-zone-azurerm5/after-cutover", "storage.tf",
			`name                              = "stclaimsexportweu01"`, `name = "stclaimsexportweu01"
  public_network_access_enabled = false`, "test",
			"azurerm_storage_account.exports was not migrated"},
	}
	for _, c := range controls {
		t.Run("control/"+c.name, func(t *testing.T) {
			t.Parallel()
			work := planWorkspace(t, c.dir, func(files map[string]string) {
				edited := strings.ReplaceAll(files[c.file], c.old, c.new)
				if edited == files[c.file] {
					t.Fatalf("the control's edit does not apply to %s/%s", c.dir, c.file)
				}
				files[c.file] = edited
			})
			if out, err := terraform(t, work, c.command); err == nil || !strings.Contains(string(out), c.want) {
				t.Errorf("terraform %s on %s edited: %v, want it to fail with %q:\n%s", c.command, c.dir, err, c.want, out)
			}
		})
	}
}

// planWorkspace copies a module, edited by edit if not nil, into a
// temporary directory with the firewall test.
func planWorkspace(t *testing.T, dir string, edit func(map[string]string)) string {
	t.Helper()
	files := readDir(t, dir)
	r, err := load(dir, fixtureOptions[filepath.Base(filepath.Dir(dir))].Provider)
	if err != nil {
		t.Fatal(err)
	}
	rc := planTool(t, r.major.Name)
	if edit != nil {
		edit(files)
	}
	work := t.TempDir()
	for name, content := range files {
		if strings.Contains(name, "/") {
			continue // the module's own tests/: this test runs alone
		}
		if err := os.WriteFile(filepath.Join(work, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(work, "tests"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "tests", "firewall.tftest.hcl"), []byte(firewallTest(t, work, r)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, ".tfrc"), []byte(rc), 0o644); err != nil {
		t.Fatal(err)
	}
	return work
}

// terraform runs one terraform command in a workspace from planWorkspace.
func terraform(t *testing.T, work, command string) ([]byte, error) {
	t.Helper()
	rc, err := os.ReadFile(filepath.Join(work, ".tfrc"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("terraform", command, "-no-color")
	cmd.Dir = work
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+string(rc), "TF_IN_AUTOMATION=1")
	return cmd.CombinedOutput()
}

// exampleValue is a value the provider accepts for a required variable.
func exampleValue(name string) string {
	switch {
	case strings.HasSuffix(name, "_id"):
		return "00000000-0000-0000-0000-0000000000bb"
	case strings.HasSuffix(name, "_password"):
		return "Example-Passw0rd-2026"
	}
	return "exampleadmin"
}
