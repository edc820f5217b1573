package generator

import (
	"strings"
	"testing"
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
		text, diags := Explain(src, tt.manifest)
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
