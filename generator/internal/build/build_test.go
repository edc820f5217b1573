package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// TestUniqueAddresses: the last-resort check finds a block address twice,
// in built files (read from hclwrite) and in rendered ones (a user's
// template may add blocks), and names where; terraform and provider blocks
// may repeat; posture tests are not Terraform configuration.
func TestUniqueAddresses(t *testing.T) {
	built := func(name string, addrs ...hclgen.Ref) []block {
		f := hclgen.NewFile(name)
		for _, a := range addrs {
			f.Resource(a)
		}
		f.Block("terraform")
		f.Block("provider", "azurerm")
		return blocksOf(f)
	}
	rendered := func(name, src string) []block {
		f, err := finish(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return f.blocks
	}
	providers := rendered("providers.tf", "provider \"azurerm\" {\n  features {}\n}\n\nterraform {}\n")
	sa, kv := hclgen.Ref{"azurerm_storage_account", "data"}, hclgen.Ref{"azurerm_key_vault", "kv"}
	for _, tc := range []struct {
		name   string
		blocks [][]block
		want   string // in the error; "" for none
	}{
		{"distinct", [][]block{providers, built("storage.tf", sa), built("key_vault.tf", kv)}, ""},
		{"two files", [][]block{providers, built("storage.tf", sa), built("main.tf", kv, sa)}, "resource.azurerm_storage_account.data (in main.tf and storage.tf)"},
		{"one file", [][]block{built("storage.tf", sa, sa)}, "resource.azurerm_storage_account.data (twice in storage.tf)"},
		{"a template's block", [][]block{rendered("providers.tf", "resource \"azurerm_key_vault\" \"kv\" {}\n"), built("key_vault.tf", kv)}, "resource.azurerm_key_vault.kv (in key_vault.tf and providers.tf)"},
		{"not Terraform", [][]block{built("tests/posture.tftest.hcl", sa, sa)}, ""},
	} {
		var all []block
		for _, b := range tc.blocks {
			all = append(all, b...)
		}
		err := uniqueAddresses(all)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	if _, err := finish("providers.tf", []byte("provider {\n")); err == nil {
		t.Error("a rendered file that does not parse was accepted")
	}
}

// TestBlocksAsWritten: the blocks the address check takes from a built
// file, as Block appended them, are those its bytes hold, for every
// example.
func TestBlocksAsWritten(t *testing.T) {
	paths, err := filepath.Glob("../../../examples/*/manifest.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m, diags := manifest.Load(src, path, "")
		if diags.HasErrors() {
			t.Fatalf("%s: %s", path, diags.Error())
		}
		w, err := newWorkload(m)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, f := range w.hclFiles(Options{}) {
			parsed, diags := hclsyntax.ParseConfig(f.Bytes(outdir.Header), f.Name(), hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatalf("%s %s: %s", path, f.Name(), diags.Error())
			}
			var want []hclgen.Header
			for _, b := range parsed.Body.(*hclsyntax.Body).Blocks {
				want = append(want, hclgen.Header{Type: b.Type, Labels: b.Labels})
			}
			if diff := cmp.Diff(want, f.Blocks(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s %s (-written +recorded):\n%s", path, f.Name(), diff)
			}
		}
	}
}

// TestSubscriptionDefault: a manifest's subscription_id is the default of
// the module's subscription_id variable; without one the default is null.
func TestSubscriptionDefault(t *testing.T) {
	const id = "0a0b0c0d-0000-4000-8000-000000000001"
	for _, tc := range []struct{ line, want string }{
		{"subscription_id: " + id + "\n", `default     = "` + id + `"`},
		{"", "default     = null"},
	} {
		src := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\n" + tc.line + "pattern: private-endpoint\nservices:\n  - type: storage\n    name: stapp01\n"
		for _, f := range filesOf(t, src) {
			if f.Name != "variables.tf" {
				continue
			}
			_, rest, _ := strings.Cut(string(f.Bytes), `variable "subscription_id" {`)
			block, _, _ := strings.Cut(rest, "}")
			if !strings.Contains(block, tc.want) {
				t.Errorf("%q: the variable is\n%s", tc.line, block)
			}
		}
	}
}

// TestPostureSaysBypass: a service's line in the README says trusted Azure
// services bypass its firewall exactly when its resource sets bypass to
// AzureServices (storage, key vault, the cognitive kinds that take it).
func TestPostureSaysBypass(t *testing.T) {
	src := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nservices:\n" +
		"  - type: storage\n    name: stapp01\n  - type: key_vault\n    name: kv-app-01\n" +
		"  - type: cognitive_account\n    name: oai-app-01\n    kind: OpenAI\n  - type: cognitive_account\n    name: fr-app-01\n    kind: FormRecognizer\n" +
		"  - type: cosmosdb\n    name: cosmos-app-01\n"
	byName := map[string]string{}
	for _, f := range filesOf(t, src) {
		byName[f.Name] = string(f.Bytes)
	}
	for _, c := range []struct {
		file, name string
		bypass     bool
	}{{"storage.tf", "stapp01", true}, {"key_vault.tf", "kv-app-01", true}, {"cognitive_account.tf", "oai-app-01", true},
		{"cognitive_account.tf", "fr-app-01", false}, {"cosmosdb.tf", "cosmos-app-01", false}} {
		_, block, _ := strings.Cut(byName[c.file], `= "`+c.name+`"`)
		block, _, _ = strings.Cut(block, "\nresource ")
		sets := strings.Contains(block, `"AzureServices"`)
		_, line, _ := strings.Cut(byName["README.md"], "`"+c.name+"` (")
		line, _, _ = strings.Cut(line, "\n")
		says := strings.Contains(line, "trusted Azure services bypass")
		if sets != c.bypass || says != c.bypass {
			t.Errorf("%s: bypass in %s %t, in the README %t; want %t\n%s", c.name, c.file, sets, says, c.bypass, line)
		}
	}
}

// filesOf is the module the manifest src builds.
func filesOf(t *testing.T, src string) outdir.Files {
	t.Helper()
	m, diags := manifest.Load([]byte(src), "m.yaml", "")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	files, err := Files(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestHostOutput: the migration checklist's DNS check names an output the
// module has that holds a service's host: a host name (…_fqdn) first, else
// a URI (a key vault's).
func TestHostOutput(t *testing.T) {
	se := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: service-endpoint\nmigration:\n  phase: add\nservices:\n"
	for _, c := range []struct{ services, want string }{
		{"  - type: key_vault\n    name: kv-app-01\n  - type: storage\n    name: stapp01\n", "storage_stapp01_blob_fqdn"},
		{"  - type: key_vault\n    name: kv-app-01\n", "key_vault_kv_app_01_vault_uri"},
	} {
		m, diags := manifest.Load([]byte(se+c.services), "m.yaml", "")
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		got := HostOutput(m)
		outputs := ""
		for _, f := range filesOf(t, se+c.services) {
			if f.Name == "outputs.tf" {
				outputs = string(f.Bytes)
			}
		}
		if got != c.want || (got != "" && !strings.Contains(outputs, `output "`+got+`" {`)) {
			t.Errorf("%q: HostOutput %q, want %q; outputs.tf:\n%s", c.services, got, c.want, outputs)
		}
	}
	if HostOutput(nil) != "" {
		t.Error("HostOutput(nil) names an output")
	}
}
