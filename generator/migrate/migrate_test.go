package migrate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/generator/tfschema"
)

// fixtureOptions are the migration settings of each hand-written root.
var fixtureOptions = map[string]Options{
	"inline-rules":     {},
	"standalone-rules": {Subresources: []string{"blob", "file"}},
	"shared-subnet":    {},
	// A standalone rules resource others depend on and refer to, with
	// comments, extra bypass values and a resource instance rule.
	"standalone-references": {},
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

// TestPhasesOnHandWrittenRoots runs add, cutover and cleanup in order on
// each fixture's before/ and compares the whole root after each phase with
// after-PHASE/. Comments, blank lines and unrelated blocks must survive.
func TestPhasesOnHandWrittenRoots(t *testing.T) {
	for name, opts := range fixtureOptions {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			before := filepath.Join("testdata", name, "before")
			copyDir(t, before, dir)
			comments := commentLines(readDir(t, before))
			for _, phase := range manifest.Phases {
				opts.Phase = phase
				changes, err := Run(dir, opts)
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
			}
		})
	}
}

// commentLines are the comments of a root, one per line, trimmed.
func commentLines(files map[string]string) []string {
	var out []string
	for _, content := range files {
		for _, line := range strings.Split(content, "\n") {
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
		{"variable subnet", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [var.subnet_id]
  }
}`, "main.tf:6,azurerm_storage_account.a admits a subnet by an expression endpointgen cannot read"},
		{"subnet elsewhere", `
resource "azurerm_storage_account" "a" {
  name = "a"
  network_rules {
    default_action             = "Deny"
    virtual_network_subnet_ids = [azurerm_subnet.gone.id]
  }
}`, "azurerm_subnet.gone, which is not in this root module"},
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
	changes, diags := Run(dir, Options{Phase: manifest.PhaseCutover})
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
		changes, diags := Run(dir, Options{Phase: phase})
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
