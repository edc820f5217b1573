package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

const hubZones = `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/`

// repoDefaults is a landing zone's defaults file: a hub with two zones,
// a naming convention and a state backend.
var repoDefaults = `apiVersion: endpointgen/v1
location: westeurope
provider: 5
tags:
  managed-by: endpointgen
  Owner: platform
ignore_tag_changes: [CreatedOn]
dns:
  mode: existing
  zone_ids:
    privatelink.blob.core.windows.net: ` + hubZones + `privatelink.blob.core.windows.net
    privatelink.vaultcore.azure.net: ` + hubZones + `privatelink.vaultcore.azure.net
naming:
  resource_group: "rg-{{ .Name }}-{{ .Location | substr 0 4 }}"
backend:
  storage_account_name: sttfstate001
  container_name: tfstate
  key: "{{ .Path }}.tfstate"
`

func loadDefaults(t *testing.T, src string) *RepoDefaults {
	t.Helper()
	d, diags := LoadRepoDefaults([]byte(src), "endpointgen.yaml")
	if diags.HasErrors() {
		t.Fatalf("defaults: %s", diags.Error())
	}
	return d
}

// TestInherit: a manifest takes what it leaves out from the defaults, and
// what it gives wins; tags merge by name (case-insensitively, as Azure
// compares them), the hub zones come only for the endpoints' zones.
func TestInherit(t *testing.T) {
	d := loadDefaults(t, repoDefaults)
	src := `apiVersion: endpointgen/v1
name: orders
pattern: private-endpoint
tags: { owner: team-orders }
services:
  - type: storage
    name: stordersprod01
`
	m, diags := LoadWith([]byte(src), "workloads/team-a/orders.yaml", PhaseNone, Inherit{Defaults: d})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[string]any{
		"location": m.Location, "provider": m.Provider, "tags": m.Tags, "ignore": m.IgnoreTagChanges,
		"dns.mode": string(m.DNS.Mode), "zones": m.DNS.ZoneIDs, "rg": m.ResourceGroup.Name, "vnet": m.Network.VNet.Name,
		"backend": *m.Backend,
	}
	want := map[string]any{
		"location": "westeurope", "provider": "5",
		"tags":     map[string]string{"owner": "team-orders", "managed-by": "endpointgen"},
		"ignore":   []string{"CreatedOn"},
		"dns.mode": "existing",
		"zones":    map[string]string{"privatelink.blob.core.windows.net": hubZones + "privatelink.blob.core.windows.net"},
		"rg":       "rg-orders-west", "vnet": "vnet-orders",
		"backend": Backend{StorageAccountName: "sttfstate001", ContainerName: "tfstate", Key: "workloads/team-a/orders.tfstate", Cloud: "public"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestNamingSubnetsByID: the naming templates of the VNet and subnet are
// not applied to a workload whose subnets are given by ID (their VNet
// follows from the IDs), which is valid beside one that takes them.
func TestNamingSubnetsByID(t *testing.T) {
	d := loadDefaults(t, "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  vnet: \"vnet-{{ .Name }}\"\n  subnet: \"snet-{{ .Name }}-pe\"\n")
	const id = "/subscriptions/00000000-0000-0000-0000-000000000003/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-x/subnets/"
	head := "apiVersion: endpointgen/v1\nname: app\npattern: private-endpoint\nservices:\n  - type: key_vault\n    name: kv-app-0001\n"
	for _, network := range []string{
		"network:\n  subnet:\n    id: " + id + "snet-pe\n",
		"network:\n  subnets:\n    - id: " + id + "snet-pe\n",
	} {
		if _, diags := LoadWith([]byte(head+network), "app.yaml", PhaseNone, Inherit{Defaults: d}); diags.HasErrors() {
			t.Errorf("%s: %s", network, diags.Error())
		}
	}
	m, diags := LoadWith([]byte(head), "app.yaml", PhaseNone, Inherit{Defaults: d})
	if diags.HasErrors() || m.Network.VNet.Name != "vnet-app" || m.Network.Subnets[0].Name != "snet-app-pe" {
		t.Errorf("the templates not taken: %v %+v", diags, m.Network)
	}
}

// TestInheritOverrides: what the manifest says itself is never replaced,
// and defaults that do not apply to its pattern or DNS mode are dropped,
// not reported.
func TestInheritOverrides(t *testing.T) {
	d := loadDefaults(t, repoDefaults)
	for _, tc := range []struct {
		name, manifest string
		check          func(*Manifest) string
	}{
		{"own location and resource group", `location: northeurope
resource_group: { name: rg-orders }
pattern: private-endpoint`, func(m *Manifest) string {
			return m.Location + " " + m.ResourceGroup.Name
		}},
		{"service-endpoint takes no DNS", `pattern: service-endpoint`, func(m *Manifest) string {
			return fmt.Sprintf("%q %d", m.DNS.Mode, len(m.DNS.ZoneIDs))
		}},
		{"managed DNS takes no hub zones", `pattern: private-endpoint
dns: { mode: managed }`, func(m *Manifest) string {
			return fmt.Sprintf("%s %d", m.DNS.Mode, len(m.DNS.ZoneIDs))
		}},
		{"own zone ID wins", `pattern: private-endpoint
dns:
  zone_ids:
    privatelink.blob.core.windows.net: ` + hubZones + `privatelink.blob.core.windows.net`, func(m *Manifest) string {
			return fmt.Sprintf("%s %d", m.DNS.Mode, len(m.DNS.ZoneIDs))
		}},
		{"ignored tag given twice", `pattern: private-endpoint
ignore_tag_changes: [CreatedOn]`, func(m *Manifest) string {
			return strings.Join(m.IgnoreTagChanges, ",")
		}},
		// Both spellings: Azure may keep either, ignore_changes compares
		// them exactly.
		{"ignored tag in another case", `pattern: private-endpoint
ignore_tag_changes: [createdon]`, func(m *Manifest) string {
			return strings.Join(m.IgnoreTagChanges, ",")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "apiVersion: endpointgen/v1\nname: orders\n" + tc.manifest + "\nservices:\n  - type: storage\n    name: stordersprod01\n"
			m, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d})
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			want := map[string]string{
				"own location and resource group": "northeurope rg-orders",
				"service-endpoint takes no DNS":   `"managed" 0`,
				"managed DNS takes no hub zones":  "managed 0",
				"own zone ID wins":                "existing 1",
				"ignored tag given twice":         "CreatedOn",
				"ignored tag in another case":     "createdon,CreatedOn",
			}[tc.name]
			if got := tc.check(m); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

// TestInheritedErrorsPointAtDefaults: a problem with an inherited value is
// reported at the line of the defaults file that gave it.
func TestInheritedErrorsPointAtDefaults(t *testing.T) {
	for _, tc := range []struct {
		name, defaults, manifest string
		want                     string // file:line: summary
	}{
		{"rendered name breaks the rule", "naming:\n  resource_group: \"{{ .Name }}.\"\n", "", "endpointgen.yaml:3: Invalid name"},
		{"rendered subnet name too long", "naming:\n  subnet: \"snet-{{ .Name | repeat 30 }}\"\n", "", "endpointgen.yaml:3: Invalid name"},
		{"template fails on render", "naming:\n  vnet: '{{ if eq .Name \"orders\" }}{{ fail \"no orders here\" }}{{ end }}vnet-{{ .Name }}'\n", "", "endpointgen.yaml:3: Invalid template"},
		{"location of another cloud", "location: westeurope\n", "cloud: china\n", "endpointgen.yaml:2: Location in another cloud"},
		{"hub lacks a zone", "dns:\n  mode: existing\n  zone_ids: {}\n", "", "endpointgen.yaml:3: Missing zone ID"},
		{"endpoint names alike", "naming:\n  private_endpoint: \"pe-{{ .Name }}\"\n", "", "endpointgen.yaml:3: Names alike"},
		{"endpoint name too long", "naming:\n  private_endpoint: \"pe-{{ .Service }}-{{ .Subresource }}-{{ .Service | repeat 3 }}\"\n", "", "endpointgen.yaml:3: Invalid name"},
		// The interface's name follows the endpoint's: a problem with it
		// is at that template, not at the naming block's first line.
		{"interface name from the endpoint's", "naming:\n  resource_group: \"rg-{{ .Name }}\"\n  private_endpoint: \"{{ .Service }}.{{ .Subresource }}.\"\n", "", "endpointgen.yaml:4: Invalid name"},
		{"interface name of its own", "naming:\n  resource_group: \"rg-{{ .Name }}\"\n  private_endpoint: \"pe-{{ .Service }}-{{ .Subresource }}\"\n  network_interface: \"{{ .Service }}.{{ .Subresource }}.\"\n", "", "endpointgen.yaml:5: Invalid name"},
		{"link name with a slash", "naming:\n  dns_zone_link: \"{{ .Name }}/{{ .VNet }}\"\n", "dns: { mode: managed }\n", "endpointgen.yaml:3: Invalid name"},
		{"workload in another cloud than the state", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n", "cloud: china\nlocation: chinanorth3\n", "endpointgen.yaml:2: State backend in another cloud"},
		{"key template names a folder", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ .Name }}/\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key ../{{ .Name }}.tfstate", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"../{{ .Name }}.tfstate\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key state/./{{ .Name }}", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"state/./{{ .Name }}\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key state//{{ .Name }}", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"state//{{ .Name }}\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key /{{ .Name }}", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"/{{ .Name }}\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key {{ .Name }}.", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ .Name }}.\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key {{ repeat 200 .Name }}.tfstate", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ repeat 200 .Name }}.tfstate\"\n", "", "endpointgen.yaml:5: Invalid state key"},
		{"key {{ .Name }}\\t.tfstate", "backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ .Name }}\\t.tfstate\"\n", "", "endpointgen.yaml:5: Invalid state key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defaults := "apiVersion: endpointgen/v1\n" + tc.defaults
			if !strings.Contains(defaults, "location:") {
				defaults += "location: westeurope\n"
			}
			d := loadDefaults(t, defaults)
			src := "apiVersion: endpointgen/v1\nname: orders\npattern: private-endpoint\n" + tc.manifest + "services:\n  - type: storage\n    name: stordersprod01\n    subresources: [blob, file]\n"
			_, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d})
			var got []string
			for _, diag := range diags.Errs() {
				d := diag.(*hcl.Diagnostic)
				// One per endpoint or zone: each at the same line.
				if at := fmt.Sprintf("%s:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Summary); !slices.Contains(got, at) {
					got = append(got, at)
				}
			}
			if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestRepoDefaultsErrors: the defaults file is checked on its own, once,
// at its lines.
func TestRepoDefaultsErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"location: westeurop\n", "2: Unknown location"},
		{"cloud: azure\n", "2: Unsupported value"},
		{"name: orders\n", "2: Unsupported field"},
		{"dns:\n  zone_ids:\n    privatelink.blob.core.windows.net: /subscriptions/x/privatelink.blob.core.windows.net\n", "4: Invalid resource ID"},
		{"dns:\n  zone_ids:\n    privatelink.blob.core.windows.net: " + hubZones + "privatelink.file.core.windows.net\n", "4: Zone ID names another zone"},
		{"dns:\n  link_vnet_ids: [hub]\n", "3: Invalid resource ID"},
		{"dns:\n  zone_ids:\n    privatelink.blob.core.windows.com: " + hubZones + "privatelink.blob.core.windows.com\n", "4: Unknown zone"},
		{"dns:\n  zone_ids:\n    Privatelink.Blob.core.windows.net: " + hubZones + "privatelink.blob.core.windows.net\n", "4: Unknown zone"},
		{"naming:\n  vnet: \"vnet-{{ .Name\"\n", "3: Invalid template"},
		{"backend:\n  storage_account_name: st-tfstate\n  container_name: tfstate\n", "3: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tf--state\n", "4: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tf\n", "4: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: -tfstate\n", "4: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tfstate-\n", "4: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: " + strings.Repeat("a", 64) + "\n", "4: Invalid name"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: " + strings.Repeat("a-", 32) + "a\n", "4: Invalid name"},
		// At the mapping that lacks it, not at its first field.
		{"backend:\n  storage_account_name: sttfstate\n", "2: Missing required field"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tfstate\n  tenant_id: contoso\n", "5: Invalid ID"},
		{"tags:\n  a/b: c\n", "3: Invalid tag name"},
		// One tag to Azure: the second would be dropped in every workload.
		{"tags:\n  Env: prod\n  env: dev\n", "4: Duplicate tag name"},
		// The nil GUID, the samples' placeholder, is no subscription or
		// tenant.
		{"subscription_id: 00000000-0000-0000-0000-000000000000\n", "2: Placeholder ID"},
		{"dns:\n  link_vnet_ids: [/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub]\n", "3: Placeholder ID"},
		{"dns:\n  zone_ids:\n    privatelink.blob.core.windows.net: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net\n", "4: Placeholder ID"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tfstate\n  subscription_id: 00000000-0000-0000-0000-000000000000\n", "5: Placeholder ID"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tfstate\n  tenant_id: 00000000-0000-0000-0000-000000000000\n", "5: Placeholder ID"},
		// A value of the wrong type, reported as such only (its checks
		// would see it empty).
		{"location: [westeurope]\n", "2: Wrong type"},
		{"subscription_id: [0a0b0c0d-0000-4000-8000-00000000000a]\n", "2: Wrong type"},
		{"backend:\n  storage_account_name: [sttfstate]\n  container_name: tfstate\n", "3: Wrong type"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: {name: tfstate}\n", "4: Wrong type"},
		{"backend:\n  storage_account_name: sttfstate\n  container_name: tfstate\n  tenant_id: [contoso]\n", "5: Wrong type"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			_, diags := LoadRepoDefaults([]byte("apiVersion: endpointgen/v1\n"+tc.src), "endpointgen.yaml")
			var got []string
			for _, d := range diags.Errs() {
				d := d.(*hcl.Diagnostic)
				got = append(got, fmt.Sprintf("%d: %s", d.Subject.Start.Line, d.Summary))
			}
			if diff := cmp.Diff([]string{tc.want}, got); diff != "" {
				t.Error(diff)
			}
		})
	}
}

// TestMissingLocation: without a location of its own or inherited, a
// manifest is refused, naming the defaults file that could give it.
func TestMissingLocation(t *testing.T) {
	src := "apiVersion: endpointgen/v1\nname: orders\npattern: private-endpoint\nservices:\n  - type: storage\n    name: stordersprod01\n"
	_, diags := Load([]byte(src), "orders.yaml", PhaseNone)
	if len(diags) != 1 || !strings.Contains(diags[0].Detail, `needs "location", or a repo defaults file (endpointgen.yaml`) {
		t.Fatalf("got %v", diags)
	}
	d := loadDefaults(t, "apiVersion: endpointgen/v1\ntags: { team: a }\n")
	if _, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d}); len(diags) != 1 || !strings.Contains(diags[0].Detail, "its repo defaults file endpointgen.yaml must give one") {
		t.Fatalf("defaults without a location: got %v", diags)
	}
	d = loadDefaults(t, "apiVersion: endpointgen/v1\nlocation: swedencentral\n")
	m, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d})
	if diags.HasErrors() || m.Location != "swedencentral" {
		t.Fatalf("got %q, %v", m.Location, diags)
	}
}

// TestFindRepoDefaults: the nearest endpointgen.yaml upwards, not past
// the repository root.
func TestFindRepoDefaults(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "workloads", "team-a")
	for _, dir := range []string{filepath.Join(repo, ".git"), deep} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// Above the repository: never taken.
	if err := os.WriteFile(filepath.Join(root, RepoDefaultsFile), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := FindRepoDefaults(deep); err != nil || got != "" {
		t.Fatalf("outside the repo: got %q, %v", got, err)
	}
	top := filepath.Join(repo, RepoDefaultsFile)
	if err := os.WriteFile(top, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := FindRepoDefaults(deep); got != top {
		t.Errorf("got %q, want %q", got, top)
	}
	nearer := filepath.Join(repo, "workloads", RepoDefaultsFile)
	if err := os.WriteFile(nearer, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := FindRepoDefaults(deep); got != nearer {
		t.Errorf("got %q, want %q", got, nearer)
	}
	// A folder of that name is no defaults file.
	if err := os.Mkdir(filepath.Join(deep, RepoDefaultsFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, _ := FindRepoDefaults(deep); got != nearer {
		t.Errorf("beside a folder named %s: got %q, want %q", RepoDefaultsFile, got, nearer)
	}
}

// TestFindRepoDefaultsMisnamed: a file that would be taken for the
// defaults file under another name or letter case, in the manifest's
// folder or one above, is an error naming it, whatever the filesystem's
// case rules; the right name beside it does not hide it.
func TestFindRepoDefaultsMisnamed(t *testing.T) {
	for _, name := range []string{"endpointgen.yml", "Endpointgen.yaml", "ENDPOINTGEN.YAML", "endpointgen.YML"} {
		for _, where := range []string{".", "workloads"} {
			t.Run(name+" in "+where, func(t *testing.T) {
				repo := t.TempDir()
				deep := filepath.Join(repo, "workloads", "team-a")
				if err := os.MkdirAll(deep, 0o755); err != nil {
					t.Fatal(err)
				}
				os.Mkdir(filepath.Join(repo, ".git"), 0o755)
				misnamed := filepath.Join(repo, where, name)
				if err := os.WriteFile(misnamed, []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
				got, err := FindRepoDefaults(deep)
				if err == nil || !strings.Contains(err.Error(), misnamed+": rename it to endpointgen.yaml") {
					t.Errorf("got %q, %v; want an error naming %s", got, err, misnamed)
				}
			})
		}
	}
	// Below the file that applies, renaming it would replace that file for
	// the manifests below it: the error says so, and that merging keeps it.
	repo := t.TempDir()
	os.Mkdir(filepath.Join(repo, ".git"), 0o755)
	deep := filepath.Join(repo, "workloads", "team-a")
	os.MkdirAll(deep, 0o755)
	root := filepath.Join(repo, RepoDefaultsFile)
	os.WriteFile(root, []byte("x"), 0o644)
	misnamed := filepath.Join(deep, "endpointgen.yml")
	os.WriteFile(misnamed, []byte("x"), 0o644)
	if _, err := FindRepoDefaults(deep); err == nil || !strings.Contains(err.Error(), misnamed+": rename it to endpointgen.yaml") ||
		!strings.Contains(err.Error(), "inherit this file, and no longer "+root) || !strings.Contains(err.Error(), "merge what it holds into "+root+" instead") {
		t.Errorf("below %s: %v", root, err)
	}
	// Looked for from a relative folder, the files are named from the
	// working folder.
	t.Chdir(deep)
	if _, err := FindRepoDefaults("."); err == nil || !strings.HasPrefix(err.Error(), "endpointgen.yml: rename it") || !strings.Contains(err.Error(), "no longer "+filepath.Join("..", "..", RepoDefaultsFile)) {
		t.Errorf("from %s: %v", deep, err)
	}
	for _, name := range []string{"endpointgen.yaml.bak", "my-endpointgen.yaml", "endpointgen.json"} {
		repo := t.TempDir()
		os.Mkdir(filepath.Join(repo, ".git"), 0o755)
		os.WriteFile(filepath.Join(repo, name), []byte("x"), 0o644)
		if got, err := FindRepoDefaults(repo); err != nil || got != "" {
			t.Errorf("%s: got %q, %v; want none and no error", name, got, err)
		}
	}
}

// TestInheritedDiagnosticsNameTheWorkload: a problem a workload's check
// finds at a line of the defaults file names the workload (many inherit
// that line), and a warning the defaults file's own check gave is not
// repeated for each workload.
func TestInheritedDiagnosticsNameTheWorkload(t *testing.T) {
	d := loadDefaults(t, "apiVersion: endpointgen/v1\nlocation: westeurope\ntags: { Env: prod }\nignore_tag_changes: [env]\ndns:\n  mode: existing\n")
	if len(d.own) != 1 || d.own[0].Summary != "Tag both set and ignored" {
		t.Fatalf("the defaults' own diagnostics: %v", d.own)
	}
	src := "apiVersion: endpointgen/v1\nname: orders\npattern: private-endpoint\nignore_tag_changes: [CreatedOn]\nservices:\n  - type: storage\n    name: stordersprod01\n"
	_, diags := LoadWith([]byte(src), "workloads/orders.yaml", PhaseNone, Inherit{Defaults: d})
	var got []string
	for _, diag := range diags {
		got = append(got, fmt.Sprintf("%s:%d: %s: %s", diag.Subject.Filename, diag.Subject.Start.Line, diag.Summary, diag.Detail))
	}
	want := []string{`endpointgen.yaml:6: Missing zone ID: dns.mode: existing needs the ID of the hub's "privatelink.blob.core.windows.net" zone in dns.zone_ids.` +
		"\n\nIn workload orders (workloads/orders.yaml), which inherits this value."}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// TestRepoDefaultsDecodeMessages: the decoder's messages name the repo
// defaults file as such and list only its fields; a merge key is refused
// as one in a mapping of tags too.
func TestRepoDefaultsDecodeMessages(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// A manifest's own field: said so, not taken for a misspelling.
		{"apiVersion: endpointgen/v1\nname: orders\n", `2: Unsupported field: "name" is a field of each manifest, not of the repo defaults file, which gives what many workloads share. Allowed here: apiVersion, location, location_unlisted, provider, cloud, subscription_id, tags, ignore_tag_changes, dns, naming, backend.`},
		{"apiVersion: endpointgen/v1\nservices: []\n", `2: Unsupported field: "services" is a field of each manifest, not of the repo defaults file, which gives what many workloads share. Allowed here: apiVersion, location, location_unlisted, provider, cloud, subscription_id, tags, ignore_tag_changes, dns, naming, backend.`},
		{"apiVersion: endpointgen/v1\nnamin: {}\n", `2: Unsupported field: "namin" is not a field of the repo defaults file. Did you mean "naming"? Allowed: apiVersion, location, location_unlisted, provider, cloud, subscription_id, tags, ignore_tag_changes, dns, naming, backend.`},
		{"# nothing yet\n", "1: Empty repo defaults file: The repo defaults file holds no YAML mapping; `endpointgen schema --defaults` prints every field."},
		{"apiVersion: endpointgen/v1\n---\nlocation: westeurope\n", "2: Several YAML documents: The repo defaults file holds one YAML document."},
		{"apiVersion: endpointgen/v1\nlocation: [westeurope\n", "2: Invalid YAML: The repo defaults file is not valid YAML: did not find expected ',' or ']'."},
		{"apiVersion: endpointgen/v1\nx-common: &common { managed-by: eg }\ntags:\n  <<: *common\n  env: prod\n", "2: Unsupported field: \"x-common\" is not a field of the repo defaults file. Allowed: apiVersion, location, location_unlisted, provider, cloud, subscription_id, tags, ignore_tag_changes, dns, naming, backend.\n" +
			"4: Merge keys not supported: YAML merge keys (<<) are not supported in the repo defaults file; write the entries out."},
	} {
		_, diags := LoadRepoDefaults([]byte(tc.src), "endpointgen.yaml")
		var got []string
		for _, d := range diags {
			got = append(got, fmt.Sprintf("%d: %s: %s", d.Subject.Start.Line, d.Summary, d.Detail))
		}
		if diff := cmp.Diff(tc.want, strings.Join(got, "\n")); diff != "" {
			t.Error(diff)
		}
	}
}

// TestTemplatesCheckedOnLoad: a naming or key template that fails for any
// workload (a misspelt field, nothing but blanks) is reported once, where
// the defaults are loaded, naming the fields there are and the one a
// misspelt field likely stands for.
func TestTemplatesCheckedOnLoad(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"naming:\n  private_endpoint: \"pe-{{ .Svc }}\"\n", "the template uses .Svc, which naming.private_endpoint has not: it may use .Name, .Location, .Service, .Subresource"},
		{"naming:\n  dns_zone_link: \"{{ .Vnet }}\"\n", "the template uses .Vnet, which naming.dns_zone_link has not (did you mean .VNet?): it may use .Name, .VNet"},
		{"naming:\n  private_endpoint: \"pe-{{ .Servce }}-{{ .Subresource }}\"\n", "the template uses .Servce, which naming.private_endpoint has not (did you mean .Service?): it may use .Name, .Location, .Service, .Subresource"},
		{"naming:\n  vnet: \"vnet-{{ .name }}\"\n", "(did you mean .Name?)"},
		// An unexported field of the data, named like the one meant.
		{"backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ .path }}.tfstate\"\n", "the template uses .path, which backend.key has not (did you mean .Path?): it may use .Name, .Location, .Path"},
		{"backend:\n  storage_account_name: sttfstate001\n  container_name: tfstate\n  key: \"{{ .Stack }}.tfstate\"\n", "which backend.key has not: it may use .Name, .Location, .Path"},
		{"naming:\n  resource_group: \"{{ if false }}rg{{ end }}  \"\n", "the template renders an empty name for workload app"},
	} {
		_, diags := LoadRepoDefaults([]byte("apiVersion: endpointgen/v1\n"+tc.src), "endpointgen.yaml")
		if len(diags) != 1 || diags[0].Summary != "Invalid template" || !strings.Contains(diags[0].Detail, tc.want) {
			t.Errorf("%q: got %v, want %q", tc.src, diags, tc.want)
		}
	}
}

// TestNICFollowsEndpoint: with a template for the endpoints only, each
// network interface is nic- and its endpoint's name, as the built-in
// names are; its own template wins.
func TestNICFollowsEndpoint(t *testing.T) {
	svc := Service{Type: "storage", Name: "stapp01"}
	m := &Manifest{Name: "app", Naming: Naming{PrivateEndpoint: "pep-{{ .Service }}-{{ .Subresource }}"}}
	if pe, nic, err := m.EndpointNames(svc, "blob"); err != nil || pe != "pep-stapp01-blob" || nic != "nic-pep-stapp01-blob" {
		t.Errorf("got %q %q %v", pe, nic, err)
	}
	m.Naming.NetworkInterface = "{{ .Service }}-{{ .Subresource }}-nic"
	if _, nic, _ := m.EndpointNames(svc, "blob"); nic != "stapp01-blob-nic" {
		t.Errorf("got %q", nic)
	}
}

// TestLocationUnlistedVouchesForItsLocation: location_unlisted in the
// defaults lets their own region through, not one a workload names itself,
// whose typo is then still caught.
func TestLocationUnlistedVouchesForItsLocation(t *testing.T) {
	d := loadDefaults(t, "apiVersion: endpointgen/v1\nlocation: swedensouth2\nlocation_unlisted: true\n")
	for _, tc := range []struct{ location, want string }{
		{"", ""}, // the defaults' unlisted region: accepted
		{"location: westeurop\n", `"westeurop" is not`},
		{"cloud: china\nlocation: chinaeastt\n", `"chinaeastt" is not`},
		{"location: westeurope\n", ""},
		{"location: swedensouth2\n", ""}, // the defaults' region, named again
	} {
		src := "apiVersion: endpointgen/v1\nname: orders\n" + tc.location + "pattern: private-endpoint\nservices:\n  - type: storage\n    name: stordersprod01\n"
		m, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d})
		switch {
		case tc.want == "" && diags.HasErrors():
			t.Errorf("%q: %s", tc.location, diags.Error())
		case tc.want != "" && !strings.Contains(diags.Error(), tc.want):
			t.Errorf("%q: got %v, want an error containing %s", tc.location, diags, tc.want)
		case tc.want == "" && m.LocationUnlisted != (tc.location != "location: westeurope\n"):
			t.Errorf("%q: location_unlisted %t", tc.location, m.LocationUnlisted)
		}
	}
}

// TestNamingCloudDefault: .Cloud in a naming template is the cloud the
// workload is in, "public" when no file says, so writing the default
// changes no name (a renamed resource group or VNet is a replaced one).
func TestNamingCloudDefault(t *testing.T) {
	names := map[string]string{}
	for _, cloud := range []string{"", "cloud: public\n"} {
		d := loadDefaults(t, "apiVersion: endpointgen/v1\nlocation: westeurope\nnaming:\n  vnet: \"vnet-{{ .Name }}-{{ .Cloud }}\"\n  resource_group: \"rg-{{ .Name }}-{{ .Cloud }}\"\n")
		src := "apiVersion: endpointgen/v1\nname: orders\n" + cloud + "pattern: private-endpoint\nservices:\n  - type: storage\n    name: stordersprod01\n"
		m, diags := LoadWith([]byte(src), "orders.yaml", PhaseNone, Inherit{Defaults: d})
		if diags.HasErrors() {
			t.Fatalf("%q: %s", cloud, diags.Error())
		}
		names[cloud] = m.ResourceGroup.Name + " " + m.Network.VNet.Name
	}
	for cloud, got := range names {
		if got != "rg-orders-public vnet-orders-public" {
			t.Errorf("%q: %s", cloud, got)
		}
	}
}

// TestLocationUnlistedWithoutLocation: location_unlisted in a defaults
// file without a location vouches for nothing, which it says.
func TestLocationUnlistedWithoutLocation(t *testing.T) {
	d, diags := LoadRepoDefaults([]byte("apiVersion: endpointgen/v1\nlocation_unlisted: true\n"), "endpointgen.yaml")
	if d == nil || len(diags) != 1 || diags[0].Summary != "Nothing to vouch for" || diags[0].Subject.Start.Line != 2 {
		t.Errorf("got %v", diags)
	}
}
