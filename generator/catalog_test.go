package generator

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceZones is the private DNS zone of each sub-resource per cloud, copied
// by hand from Microsoft Learn, "Azure Private Endpoint private DNS zone
// values" (https://learn.microsoft.com/azure/private-link/private-endpoint-dns,
// ms.date 05/04/2026; shared/reference/azure-services.md §2). The catalogue
// must agree with it entry for entry.
var referenceZones = map[string]map[string][]string{
	"storage/blob":  {CloudPublic: {"privatelink.blob.core.windows.net"}, CloudUSGovernment: {"privatelink.blob.core.usgovcloudapi.net"}, CloudChina: {"privatelink.blob.core.chinacloudapi.cn"}},
	"storage/file":  {CloudPublic: {"privatelink.file.core.windows.net"}, CloudUSGovernment: {"privatelink.file.core.usgovcloudapi.net"}, CloudChina: {"privatelink.file.core.chinacloudapi.cn"}},
	"storage/queue": {CloudPublic: {"privatelink.queue.core.windows.net"}, CloudUSGovernment: {"privatelink.queue.core.usgovcloudapi.net"}, CloudChina: {"privatelink.queue.core.chinacloudapi.cn"}},
	"storage/table": {CloudPublic: {"privatelink.table.core.windows.net"}, CloudUSGovernment: {"privatelink.table.core.usgovcloudapi.net"}, CloudChina: {"privatelink.table.core.chinacloudapi.cn"}},
	"storage/web":   {CloudPublic: {"privatelink.web.core.windows.net"}, CloudUSGovernment: {"privatelink.web.core.usgovcloudapi.net"}, CloudChina: {"privatelink.web.core.chinacloudapi.cn"}},
	"storage/dfs":   {CloudPublic: {"privatelink.dfs.core.windows.net"}, CloudUSGovernment: {"privatelink.dfs.core.usgovcloudapi.net"}, CloudChina: {"privatelink.dfs.core.chinacloudapi.cn"}},
	// China: the page lists privatelink.vaultcore.azure.cn; an older China
	// copy (2020) said vaultcore.chinacloudapi.cn. The current page wins.
	"key_vault/vault":      {CloudPublic: {"privatelink.vaultcore.azure.net"}, CloudUSGovernment: {"privatelink.vaultcore.usgovcloudapi.net"}, CloudChina: {"privatelink.vaultcore.azure.cn"}},
	"sql_server/sqlServer": {CloudPublic: {"privatelink.database.windows.net"}, CloudUSGovernment: {"privatelink.database.usgovcloudapi.net"}, CloudChina: {"privatelink.database.chinacloudapi.cn"}},
	"cosmosdb/Sql":         {CloudPublic: {"privatelink.documents.azure.com"}, CloudUSGovernment: {"privatelink.documents.azure.us"}, CloudChina: {"privatelink.documents.azure.cn"}},
	"cosmosdb/MongoDB":     {CloudPublic: {"privatelink.mongo.cosmos.azure.com"}, CloudUSGovernment: {"privatelink.mongo.cosmos.azure.us"}, CloudChina: {"privatelink.mongo.cosmos.azure.cn"}},
	"cosmosdb/Cassandra":   {CloudPublic: {"privatelink.cassandra.cosmos.azure.com"}, CloudUSGovernment: {"privatelink.cassandra.cosmos.azure.us"}, CloudChina: {"privatelink.cassandra.cosmos.azure.cn"}},
	"cosmosdb/Gremlin":     {CloudPublic: {"privatelink.gremlin.cosmos.azure.com"}, CloudUSGovernment: {"privatelink.gremlin.cosmos.azure.us"}, CloudChina: {"privatelink.gremlin.cosmos.azure.cn"}},
	"cosmosdb/Table":       {CloudPublic: {"privatelink.table.cosmos.azure.com"}, CloudUSGovernment: {"privatelink.table.cosmos.azure.us"}, CloudChina: {"privatelink.table.cosmos.azure.cn"}},
	// Service Bus and Event Hubs share the zone.
	"servicebus/namespace": {CloudPublic: {"privatelink.servicebus.windows.net"}, CloudUSGovernment: {"privatelink.servicebus.usgovcloudapi.net"}, CloudChina: {"privatelink.servicebus.chinacloudapi.cn"}},
	"eventhub/namespace":   {CloudPublic: {"privatelink.servicebus.windows.net"}, CloudUSGovernment: {"privatelink.servicebus.usgovcloudapi.net"}, CloudChina: {"privatelink.servicebus.chinacloudapi.cn"}},
	// The page's China "Containers" table is empty: no confirmed zone.
	"container_registry/registry": {CloudPublic: {"privatelink.azurecr.io"}, CloudUSGovernment: {"privatelink.azurecr.us"}},
	// Public lists three zones for the one sub-resource; US Government one;
	// China none.
	"cognitive_account/account": {
		CloudPublic:       {"privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com"},
		CloudUSGovernment: {"privatelink.cognitiveservices.azure.us"},
	},
	"postgresql_flexible/postgresqlServer": {CloudPublic: {"privatelink.postgres.database.azure.com"}, CloudUSGovernment: {"privatelink.postgres.database.usgovcloudapi.net"}, CloudChina: {"privatelink.postgres.database.chinacloudapi.cn"}},
	"mysql_flexible/mysqlServer":           {CloudPublic: {"privatelink.mysql.database.azure.com"}, CloudUSGovernment: {"privatelink.mysql.database.usgovcloudapi.net"}, CloudChina: {"privatelink.mysql.database.chinacloudapi.cn"}},
	"web_app/sites":                        {CloudPublic: {"privatelink.azurewebsites.net"}, CloudUSGovernment: {"privatelink.azurewebsites.us"}, CloudChina: {"privatelink.chinacloudsites.cn"}},
}

// referenceServiceEndpoints are the subnet service endpoint names from
// Microsoft Learn, "Virtual network service endpoints"
// (https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview).
var referenceServiceEndpoints = map[string]string{
	"storage":    "Microsoft.Storage",
	"key_vault":  "Microsoft.KeyVault",
	"sql_server": "Microsoft.Sql",
	"cosmosdb":   "Microsoft.AzureCosmosDB",
	"servicebus": "Microsoft.ServiceBus",
	"eventhub":   "Microsoft.EventHub",
	// Microsoft.ContainerRegistry exists, but azurerm 4 and 5 have no
	// virtual-network rule for registries: private-endpoint only.
	"container_registry": "",
	"cognitive_account":  "Microsoft.CognitiveServices",
	"web_app":            "Microsoft.Web",
	// Flexible servers: no service endpoint (VNet injection or private link).
	"postgresql_flexible": "",
	"mysql_flexible":      "",
}

func TestCatalogAgreesWithReference(t *testing.T) {
	got := map[string]map[string][]string{}
	gotSE := map[string]string{}
	for _, name := range serviceTypeNames() {
		f := serviceTypes[name].facts()
		if f.Type != name {
			t.Errorf("%s: facts say type %q", name, f.Type)
		}
		gotSE[name] = f.ServiceEndpoint
		for _, sub := range f.Subresources {
			got[name+"/"+sub.Name] = sub.Zones
		}
		for _, d := range f.DefaultSubresources {
			if _, ok := subresourceOf(name, d); !ok {
				t.Errorf("%s: default sub-resource %q is not in the catalogue", name, d)
			}
		}
		if len(f.Sources) == 0 || f.nameRule == nil || f.nameText == "" {
			t.Errorf("%s: catalogue entry lacks sources or a naming rule", name)
		}
	}
	if diff := cmp.Diff(referenceZones, got); diff != "" {
		t.Errorf("zones differ from the reference (-reference +catalogue):\n%s", diff)
	}
	if diff := cmp.Diff(referenceServiceEndpoints, gotSE); diff != "" {
		t.Errorf("service endpoints differ from the reference (-reference +catalogue):\n%s", diff)
	}
}

func TestCatalogText(t *testing.T) {
	text := string(CatalogText())
	for _, want := range []string{
		"storage: Storage account (azurerm_storage_account)",
		"privatelink.vaultcore.usgovcloudapi.net",
		"  sqlServer     privatelink.database.windows.net",
		"service endpoint:  Microsoft.Sql",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("catalog lacks %q:\n%s", want, text)
		}
	}
}

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
