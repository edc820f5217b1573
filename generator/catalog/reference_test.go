package catalog

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// referenceZones is the private DNS zone of each sub-resource per cloud, copied
// by hand from Microsoft Learn, "Azure Private Endpoint private DNS zone
// values" (https://learn.microsoft.com/azure/private-link/private-endpoint-dns,
// ms.date 05/04/2026). The catalogue
// must agree with it entry for entry.
var referenceZones = map[string]map[Cloud][]string{
	"storage/blob":  {Public: {"privatelink.blob.core.windows.net"}, USGovernment: {"privatelink.blob.core.usgovcloudapi.net"}, China: {"privatelink.blob.core.chinacloudapi.cn"}},
	"storage/file":  {Public: {"privatelink.file.core.windows.net"}, USGovernment: {"privatelink.file.core.usgovcloudapi.net"}, China: {"privatelink.file.core.chinacloudapi.cn"}},
	"storage/queue": {Public: {"privatelink.queue.core.windows.net"}, USGovernment: {"privatelink.queue.core.usgovcloudapi.net"}, China: {"privatelink.queue.core.chinacloudapi.cn"}},
	"storage/table": {Public: {"privatelink.table.core.windows.net"}, USGovernment: {"privatelink.table.core.usgovcloudapi.net"}, China: {"privatelink.table.core.chinacloudapi.cn"}},
	"storage/web":   {Public: {"privatelink.web.core.windows.net"}, USGovernment: {"privatelink.web.core.usgovcloudapi.net"}, China: {"privatelink.web.core.chinacloudapi.cn"}},
	"storage/dfs":   {Public: {"privatelink.dfs.core.windows.net"}, USGovernment: {"privatelink.dfs.core.usgovcloudapi.net"}, China: {"privatelink.dfs.core.chinacloudapi.cn"}},
	// China: the page lists privatelink.vaultcore.azure.cn; an older China
	// copy (2020) said vaultcore.chinacloudapi.cn. The current page wins.
	"key_vault/vault":      {Public: {"privatelink.vaultcore.azure.net"}, USGovernment: {"privatelink.vaultcore.usgovcloudapi.net"}, China: {"privatelink.vaultcore.azure.cn"}},
	"sql_server/sqlServer": {Public: {"privatelink.database.windows.net"}, USGovernment: {"privatelink.database.usgovcloudapi.net"}, China: {"privatelink.database.chinacloudapi.cn"}},
	"cosmosdb/Sql":         {Public: {"privatelink.documents.azure.com"}, USGovernment: {"privatelink.documents.azure.us"}, China: {"privatelink.documents.azure.cn"}},
	"cosmosdb/MongoDB":     {Public: {"privatelink.mongo.cosmos.azure.com"}, USGovernment: {"privatelink.mongo.cosmos.azure.us"}, China: {"privatelink.mongo.cosmos.azure.cn"}},
	"cosmosdb/Cassandra":   {Public: {"privatelink.cassandra.cosmos.azure.com"}, USGovernment: {"privatelink.cassandra.cosmos.azure.us"}, China: {"privatelink.cassandra.cosmos.azure.cn"}},
	"cosmosdb/Gremlin":     {Public: {"privatelink.gremlin.cosmos.azure.com"}, USGovernment: {"privatelink.gremlin.cosmos.azure.us"}, China: {"privatelink.gremlin.cosmos.azure.cn"}},
	"cosmosdb/Table":       {Public: {"privatelink.table.cosmos.azure.com"}, USGovernment: {"privatelink.table.cosmos.azure.us"}, China: {"privatelink.table.cosmos.azure.cn"}},
	// Service Bus and Event Hubs share the zone.
	"servicebus/namespace": {Public: {"privatelink.servicebus.windows.net"}, USGovernment: {"privatelink.servicebus.usgovcloudapi.net"}, China: {"privatelink.servicebus.chinacloudapi.cn"}},
	"eventhub/namespace":   {Public: {"privatelink.servicebus.windows.net"}, USGovernment: {"privatelink.servicebus.usgovcloudapi.net"}, China: {"privatelink.servicebus.chinacloudapi.cn"}},
	// The page's China "Containers" table is empty: no confirmed zone.
	"container_registry/registry": {Public: {"privatelink.azurecr.io"}, USGovernment: {"privatelink.azurecr.us"}},
	// Public lists three zones for the one sub-resource; US Government one;
	// China none.
	"cognitive_account/account": {
		Public:       {"privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com"},
		USGovernment: {"privatelink.cognitiveservices.azure.us"},
	},
	"postgresql_flexible/postgresqlServer": {Public: {"privatelink.postgres.database.azure.com"}, USGovernment: {"privatelink.postgres.database.usgovcloudapi.net"}, China: {"privatelink.postgres.database.chinacloudapi.cn"}},
	"mysql_flexible/mysqlServer":           {Public: {"privatelink.mysql.database.azure.com"}, USGovernment: {"privatelink.mysql.database.usgovcloudapi.net"}, China: {"privatelink.mysql.database.chinacloudapi.cn"}},
	"web_app/sites":                        {Public: {"privatelink.azurewebsites.net"}, USGovernment: {"privatelink.azurewebsites.us"}, China: {"privatelink.chinacloudsites.cn"}},
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
	got := map[string]map[Cloud][]string{}
	gotSE := map[string]string{}
	for _, name := range Types() {
		f, _ := Lookup(name)
		gotSE[name] = f.ServiceEndpoint
		for _, sub := range f.Subresources {
			got[name+"/"+sub.Name] = allZones(sub)
		}
		if len(f.Sources) == 0 || f.Name.Pattern == nil || f.Name.Text == "" {
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

// allZones is what Learn's table lists for a sub-resource: the zones of
// every kind, per cloud.
func allZones(sub Subresource) map[Cloud][]string {
	all := map[Cloud][]string{}
	add := func(zones map[Cloud][]string) {
		for cloud, names := range zones {
			for _, z := range names {
				if !slices.Contains(all[cloud], z) {
					all[cloud] = append(all[cloud], z)
				}
			}
		}
	}
	add(sub.Zones)
	for _, k := range slices.Sorted(maps.Keys(sub.KindZones)) {
		add(sub.KindZones[k])
	}
	for _, names := range all {
		slices.Sort(names)
	}
	return all
}

// An Azure AI services account's zones follow its kind: each kind gets the
// zones of the host names it answers at, in every cloud, or none where a
// cloud lacks one of them (Learn lists only the cognitiveservices zone for
// US Government and none for China).
func TestCognitiveZonesPerKind(t *testing.T) {
	for _, tc := range []struct {
		kind  string
		cloud Cloud
		want  []string
	}{
		{"AIServices", Public, []string{"privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com"}},
		{"OpenAI", Public, []string{"privatelink.openai.azure.com"}},
		{"TextAnalytics", Public, []string{"privatelink.cognitiveservices.azure.com"}},
		{"AIServices", USGovernment, nil},
		{"OpenAI", USGovernment, nil},
		{"CognitiveServices", USGovernment, []string{"privatelink.cognitiveservices.azure.us"}},
		{"AIServices", China, nil},
		{"OpenAI", China, nil},
		{"SpeechServices", China, nil},
	} {
		got, ok := PrivateDNSZones("cognitive_account", "account", tc.kind, tc.cloud)
		if diff := cmp.Diff(tc.want, got); diff != "" || ok != (tc.want != nil) {
			t.Errorf("%s in %s (-want +got):\n%s", tc.kind, tc.cloud, diff)
		}
	}
}

func TestCatalogText(t *testing.T) {
	text := string(Text(SortedTypes()))
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
