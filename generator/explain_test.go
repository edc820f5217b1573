package generator

import (
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		manifest string
		want     []string
	}{
		{"../examples/spoke-keyvault-sql-hub-dns/manifest.yaml", []string{
			"The existing virtual network `vnet-spoke-ledger`",
			"**no public IP is involved**",
			"- `privatelink.database.windows.net`",
			"**Private DNS Zone\nContributor**",
			"A runner outside the VNet cannot read or write its secrets",
		}},
		{"../examples/keyvault-sql-service-endpoint/manifest.yaml", []string{
			"carrying the service endpoints `Microsoft.KeyVault`, `Microsoft.Sql`",
			"reach the services' **public** endpoints",
			"This workload uses **service-endpoint**",
		}},
		{"../examples/usgov-storage-private-endpoint/manifest.yaml", []string{
			"(usgovernment cloud)",
			"`privatelink.blob.core.usgovcloudapi.net`",
		}},
		{"testdata/existing-group-vnet-elsewhere.yaml", []string{
			"existing resource group `rg-shared` (read with a data source), in `westeurope`",
			"The existing virtual network `vnet-spoke`, known from the subnet's resource ID, in `northeurope`.",
		}},
		{"../examples/storage-policy-dns/manifest.yaml", []string{
			"Azure Policy (DeployIfNotExists) adds the zone groups",
		}},
	}
	for _, tt := range tests {
		src := readFile(t, tt.manifest)
		text, diags := Explain(src, tt.manifest, Options{})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		for _, want := range tt.want {
			if !strings.Contains(string(text), want) {
				t.Errorf("%s: explain lacks %q:\n%s", tt.manifest, want, text)
			}
		}
	}
}

// TestExplainResolutionPolicy: links fall back to public resolution unless
// the manifest opts out with Default, and the README says which.
func TestExplainResolutionPolicy(t *testing.T) {
	manifest := "../examples/minimal/manifest.yaml"
	src := readFile(t, manifest)
	for policy, want := range map[string]string{
		"":                 "The links use resolution policy `NxDomainRedirect` (the default)",
		"Default":          "with `dns.resolution_policy: Default`, these zones answer every\n`privatelink` name under them there",
		"NxDomainRedirect": "The links use resolution policy `NxDomainRedirect` (the default)",
	} {
		m := string(src)
		if policy != "" {
			m += "dns:\n  resolution_policy: " + policy + "\n"
		}
		text, diags := Explain([]byte(m), manifest, Options{})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		if !strings.Contains(string(text), want) {
			t.Errorf("policy %q: explain lacks %q:\n%s", policy, want, text)
		}
		files, diags := Generate([]byte(m), manifest, Options{})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		wantHCL := `resolution_policy    = "` + policy + `"`
		if policy == "" {
			wantHCL = `resolution_policy    = "NxDomainRedirect"`
		}
		found := false
		for _, f := range files {
			found = found || strings.Contains(string(f.Bytes), wantHCL)
		}
		if !found {
			t.Errorf("policy %q: no link with %s", policy, wantHCL)
		}
	}
}

// TestCleanupOfUnmanagedSubnets: a workload whose subnets exist elsewhere
// cannot finish the migration in its module; the cleanup README says where
// the service endpoints must go instead of claiming they are gone.
func TestCleanupOfUnmanagedSubnets(t *testing.T) {
	src := []byte("apiVersion: endpointgen/v1\nname: ledger\nlocation: westeurope\npattern: service-endpoint\nresource_group:\n  name: rg-ledger\n  existing: true\nnetwork:\n  vnet:\n    name: vnet-spoke\n    existing: true\n  subnet:\n    name: snet-app\n    existing: true\nservices:\n  - type: storage\n    name: stledger01\n")
	for phase, want := range map[manifest.Phase]bool{manifest.PhaseCutover: false, manifest.PhaseCleanup: true} {
		files, diags := Generate(src, "m.yaml", Options{Phase: phase})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		for _, f := range files {
			if f.Name == "README.md" && strings.Contains(string(f.Bytes), "`snet-app` exist outside this module") != want {
				t.Errorf("%s: README says the subnet is unmanaged: %t, want %t", phase, !want, want)
			}
		}
	}
}
