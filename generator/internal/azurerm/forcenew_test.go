package azurerm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReplacements(t *testing.T) {
	old := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  virtual_network_name = azurerm_virtual_network.hub.name
  service_endpoints    = ["Microsoft.Storage"]
}
resource "azurerm_storage_account" "st" {
  name                     = "st01"
  account_replication_type = "GRS" # geo
}
resource "azurerm_storage_account_network_rules" "st" {
  storage_account_id = azurerm_storage_account.st.id
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = ["blob"]
  }
}
`)}
	same := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name = "snet-app"
  virtual_network_name = azurerm_virtual_network.hub.name
}
resource "azurerm_storage_account" "st" {
  name = "st01"
  account_replication_type = "GRS"
  public_network_access_enabled = false
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = [
      "blob", # the only one
    ]
  }
}
`)}
	if got, err := Replacements(old, same); err != nil || len(got) > 0 {
		t.Errorf("layout, comments and non-ForceNew changes: %v %v", got, err)
	}
	changed := map[string][]byte{"main.tf": []byte(`
resource "azurerm_subnet" "app" {
  name                 = "snet-app2"
  virtual_network_name = azurerm_virtual_network.hub.name
}
resource "azurerm_private_endpoint" "pe" {
  name = "pe-st01-blob"
  private_service_connection {
    subresource_names = ["file"]
  }
}
`)}
	replaced, err := Replacements(old, changed)
	if err != nil {
		t.Fatal(err)
	}
	got := Strings(replaced)
	for i := range got {
		got[i] = strings.SplitN(got[i], " (", 2)[0]
	}
	want := []string{
		`azurerm_private_endpoint.pe.private_service_connection.subresource_names changes from ["blob"] to ["file"], which replaces it`,
		"azurerm_storage_account.st is deleted",
		`azurerm_subnet.app.name changes from "snet-app" to "snet-app2", which replaces it`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	// A removed block retires an address without destroying it.
	retired := map[string][]byte{"main.tf": []byte("removed {\n  from = azurerm_storage_account.st\n}\n")}
	for _, src := range []string{string(old["main.tf"])} {
		i := strings.Index(src, `resource "azurerm_storage_account_network_rules"`)
		retired["other.tf"] = []byte(strings.Replace(src[:i], `resource "azurerm_storage_account" "st" {
  name                     = "st01"
  account_replication_type = "GRS" # geo
}
`, "", 1) + src[strings.Index(src, `resource "azurerm_private_endpoint"`):])
	}
	if got, err := Replacements(old, retired); err != nil || len(got) > 0 {
		t.Errorf("an account retired by a removed block: %v %v", got, err)
	}
}

// TestReplacementsByService: each kept resource type's replacing changes,
// from its schema and its CustomizeDiff, beside changes the provider makes
// in place.
func TestReplacementsByService(t *testing.T) {
	storage := func(arg string) string {
		return "resource \"azurerm_storage_account\" \"s\" {\n  name = \"st01\"\n  " + arg + "\n}\n"
	}
	cosmos := func(kind string, capabilities ...string) string {
		src := "resource \"azurerm_cosmosdb_account\" \"c\" {\n  name = \"cosmos-c\"\n  kind = \"" + kind + "\"\n"
		for _, c := range capabilities {
			src += "  capabilities {\n    name = \"" + c + "\"\n  }\n"
		}
		return src + "}\n"
	}
	for _, tc := range []struct {
		name, old, new string
		want           []string // each message up to " ("
	}{
		// The reported inputs: subresources [Sql, Table] and [MongoDB]
		// added to a NoSQL account.
		{"cosmos Table added", cosmos("GlobalDocumentDB"), cosmos("GlobalDocumentDB", "EnableTable"),
			[]string{`azurerm_cosmosdb_account.c.capabilities changes from the provider's default to capabilities { name = "EnableTable" }, which replaces it`}},
		{"cosmos MongoDB", cosmos("GlobalDocumentDB"), cosmos("MongoDB", "EnableMongo"), []string{
			`azurerm_cosmosdb_account.c.capabilities changes from the provider's default to capabilities { name = "EnableMongo" }, which replaces it`,
			`azurerm_cosmosdb_account.c.kind changes from "GlobalDocumentDB" to "MongoDB", which replaces it`}},
		// Every block counts, not only the first.
		{"cosmos capability added in a second block", cosmos("GlobalDocumentDB", "DisableRateLimitingResponses"),
			cosmos("GlobalDocumentDB", "DisableRateLimitingResponses", "EnableGremlin"), []string{
				`azurerm_cosmosdb_account.c.capabilities changes from capabilities { name = "DisableRateLimitingResponses" } to capabilities { name = "DisableRateLimitingResponses" }, capabilities { name = "EnableGremlin" }, which replaces it`}},
		{"cosmos capability removed", cosmos("MongoDB", "EnableMongo", "EnableAggregationPipeline"), cosmos("MongoDB", "EnableMongo"), []string{
			`azurerm_cosmosdb_account.c.capabilities changes from capabilities { name = "EnableMongo" }, capabilities { name = "EnableAggregationPipeline" } to capabilities { name = "EnableMongo" }, which replaces it`}},
		// checkCapabilitiesCanBeUpdated's updatable ones, and capabilities
		// left out (Optional and Computed: the account keeps its own).
		{"cosmos updatable capability added", cosmos("GlobalDocumentDB", "EnableTable"), cosmos("GlobalDocumentDB", "EnableTable", "DisableRateLimitingResponses"), nil},
		{"cosmos capability added in any case", cosmos("MongoDB", "EnableMongo"), cosmos("MongoDB", "EnableMongo", "mongodbv3.4"), nil},
		{"cosmos removable capability removed", cosmos("MongoDB", "EnableMongo", "EnableMongoRetryableWrites"), cosmos("MongoDB", "EnableMongo"), nil},
		{"cosmos capabilities left out", cosmos("GlobalDocumentDB", "EnableTable"), cosmos("GlobalDocumentDB"), nil},
		{"cosmos NoSQL capability on a MongoDB account", cosmos("MongoDB", "EnableMongo"), cosmos("MongoDB", "EnableMongo", "EnableFabricNetworkAclBypass"), []string{
			`azurerm_cosmosdb_account.c.capabilities changes from capabilities { name = "EnableMongo" } to capabilities { name = "EnableMongo" }, capabilities { name = "EnableFabricNetworkAclBypass" }, which replaces it`}},
		{"cosmos analytical storage off", `resource "azurerm_cosmosdb_account" "c" { analytical_storage_enabled = true }`,
			`resource "azurerm_cosmosdb_account" "c" {}`,
			[]string{`azurerm_cosmosdb_account.c.analytical_storage_enabled changes from true to the provider's default, which replaces it`}},
		{"cosmos analytical storage on", `resource "azurerm_cosmosdb_account" "c" {}`,
			`resource "azurerm_cosmosdb_account" "c" { analytical_storage_enabled = true }`, nil},

		// Replication, kind and large file shares replace the account on
		// some changes only.
		{"storage LRS to GRS", storage(`account_replication_type = "LRS"`), storage(`account_replication_type = "GRS"`), nil},
		{"storage GZRS to ZRS", storage(`account_replication_type = "GZRS"`), storage(`account_replication_type = "ZRS"`), nil},
		{"storage LRS to ZRS", storage(`account_replication_type = "LRS"`), storage(`account_replication_type = "ZRS"`),
			[]string{`azurerm_storage_account.s.account_replication_type changes from "LRS" to "ZRS", which replaces it`}},
		{"storage RAGZRS to GRS", storage(`account_replication_type = "RAGZRS"`), storage(`account_replication_type = "GRS"`),
			[]string{`azurerm_storage_account.s.account_replication_type changes from "RAGZRS" to "GRS", which replaces it`}},
		{"storage replication from a variable", storage(`account_replication_type = "LRS"`), storage(`account_replication_type = var.replication`),
			[]string{`azurerm_storage_account.s.account_replication_type changes from "LRS" to var.replication, which replaces it`}},
		{"storage BlobStorage to StorageV2", storage(`account_kind = "BlobStorage"`), storage(`account_kind = "StorageV2"`), nil},
		{"storage kind left to its default", storage(`account_kind = "BlobStorage"`), storage(""), nil},
		{"storage Storage to BlockBlobStorage", storage(`account_kind = "Storage"`), storage(`account_kind = "BlockBlobStorage"`), nil},
		{"storage StorageV2 to BlobStorage", storage(""), storage(`account_kind = "BlobStorage"`),
			[]string{`azurerm_storage_account.s.account_kind changes from the provider's default to "BlobStorage", which replaces it`}},
		{"storage large file shares on", storage(""), storage(`large_file_share_enabled = true`), nil},
		{"storage large file shares off", storage(`large_file_share_enabled = true`), storage(`large_file_share_enabled = false`),
			[]string{`azurerm_storage_account.s.large_file_share_enabled changes from true to false, which replaces it`}},
		{"storage dfs added", `resource "azurerm_storage_account" "s" { name = "st01" }`,
			`resource "azurerm_storage_account" "s" {
  name           = "st01"
  is_hns_enabled = true
}`, []string{`azurerm_storage_account.s.is_hns_enabled changes from the provider's default to true, which replaces it`}},
		{"key vault renamed", `resource "azurerm_key_vault" "k" { name = "kv-a" }`, `resource "azurerm_key_vault" "k" { name = "kv-b" }`,
			[]string{`azurerm_key_vault.k.name changes from "kv-a" to "kv-b", which replaces it`}},
		{"key vault sku", `resource "azurerm_key_vault" "k" { sku_name = "standard" }`, `resource "azurerm_key_vault" "k" { sku_name = "premium" }`, nil},
		{"sql server version", `resource "azurerm_mssql_server" "q" { version = "12.0" }`, `resource "azurerm_mssql_server" "q" { version = "2.0" }`,
			[]string{`azurerm_mssql_server.q.version changes from "12.0" to "2.0", which replaces it`}},
		{"postgresql downgrade", `resource "azurerm_postgresql_flexible_server" "p" { version = "16" }`, `resource "azurerm_postgresql_flexible_server" "p" { version = "15" }`,
			[]string{`azurerm_postgresql_flexible_server.p.version changes from "16" to "15", which replaces it`}},
		{"postgresql upgrade", `resource "azurerm_postgresql_flexible_server" "p" {
  version    = "16"
  storage_mb = 32768
}`, `resource "azurerm_postgresql_flexible_server" "p" {
  version    = "17"
  storage_mb = 65536
}`, nil},
		{"postgresql smaller storage", `resource "azurerm_postgresql_flexible_server" "p" { storage_mb = 65536 }`, `resource "azurerm_postgresql_flexible_server" "p" { storage_mb = 32768 }`,
			[]string{`azurerm_postgresql_flexible_server.p.storage_mb changes from 65536 to 32768, which replaces it`}},
		{"postgresql moved", `resource "azurerm_postgresql_flexible_server" "p" { location = "westeurope" }`, `resource "azurerm_postgresql_flexible_server" "p" { location = "northeurope" }`,
			[]string{`azurerm_postgresql_flexible_server.p.location changes from "westeurope" to "northeurope", which replaces it`}},
		{"mysql renamed", `resource "azurerm_mysql_flexible_server" "m" { name = "a" }`, `resource "azurerm_mysql_flexible_server" "m" { name = "b" }`,
			[]string{`azurerm_mysql_flexible_server.m.name changes from "a" to "b", which replaces it`}},
		{"mysql smaller storage", `resource "azurerm_mysql_flexible_server" "m" {
  storage {
    size_gb = 64
  }
}`, `resource "azurerm_mysql_flexible_server" "m" {
  storage {
    size_gb = 32
  }
}`, []string{`azurerm_mysql_flexible_server.m.storage.size_gb changes from 64 to 32, which replaces it`}},
		{"service bus off Premium", `resource "azurerm_servicebus_namespace" "n" { sku = "Premium" }`, `resource "azurerm_servicebus_namespace" "n" { sku = "Standard" }`,
			[]string{`azurerm_servicebus_namespace.n.sku changes from "Premium" to "Standard", which replaces it`}},
		{"service bus Basic to Standard", `resource "azurerm_servicebus_namespace" "n" { sku = "Basic" }`, `resource "azurerm_servicebus_namespace" "n" { sku = "Standard" }`, nil},
		{"event hubs to Premium", `resource "azurerm_eventhub_namespace" "n" { sku = "Standard" }`, `resource "azurerm_eventhub_namespace" "n" { sku = "Premium" }`,
			[]string{`azurerm_eventhub_namespace.n.sku changes from "Standard" to "Premium", which replaces it`}},
		{"event hubs Basic to Standard", `resource "azurerm_eventhub_namespace" "n" { sku = "Basic" }`, `resource "azurerm_eventhub_namespace" "n" { sku = "Standard" }`, nil},
		{"cognitive kind", `resource "azurerm_cognitive_account" "a" { kind = "AIServices" }`, `resource "azurerm_cognitive_account" "a" { kind = "TextAnalytics" }`,
			[]string{`azurerm_cognitive_account.a.kind changes from "AIServices" to "TextAnalytics", which replaces it`}},
		{"cognitive OpenAI to AIServices", `resource "azurerm_cognitive_account" "a" { kind = "OpenAI" }`, `resource "azurerm_cognitive_account" "a" { kind = "AIServices" }`, nil},
		{"cognitive subdomain", `resource "azurerm_cognitive_account" "a" { custom_subdomain_name = "a" }`, `resource "azurerm_cognitive_account" "a" { custom_subdomain_name = "b" }`,
			[]string{`azurerm_cognitive_account.a.custom_subdomain_name changes from "a" to "b", which replaces it`}},
		{"registry zone redundancy", `resource "azurerm_container_registry" "r" {}`, `resource "azurerm_container_registry" "r" { zone_redundancy_enabled = true }`,
			[]string{`azurerm_container_registry.r.zone_redundancy_enabled changes from the provider's default to true, which replaces it`}},
		{"web app moved", `resource "azurerm_linux_web_app" "w" { location = "westeurope" }`, `resource "azurerm_linux_web_app" "w" { location = "northeurope" }`,
			[]string{`azurerm_linux_web_app.w.location changes from "westeurope" to "northeurope", which replaces it`}},
		{"service plan OS", `resource "azurerm_service_plan" "p" { os_type = "Linux" }`, `resource "azurerm_service_plan" "p" { os_type = "Windows" }`,
			[]string{`azurerm_service_plan.p.os_type changes from "Linux" to "Windows", which replaces it`}},
		{"service plan SKU", `resource "azurerm_service_plan" "p" { sku_name = "P0v3" }`, `resource "azurerm_service_plan" "p" { sku_name = "P1v3" }`, nil},
		{"service plan zone balancing, one worker", `resource "azurerm_service_plan" "p" {}`, `resource "azurerm_service_plan" "p" { zone_balancing_enabled = true }`,
			[]string{`azurerm_service_plan.p.zone_balancing_enabled changes from the provider's default to true, which replaces it`}},
		{"service plan zone balancing, three workers", `resource "azurerm_service_plan" "p" { worker_count = 3 }`, `resource "azurerm_service_plan" "p" {
  worker_count           = 3
  zone_balancing_enabled = true
}`, nil},
		{"identity renamed", `resource "azurerm_user_assigned_identity" "i" { name = "a" }`, `resource "azurerm_user_assigned_identity" "i" { name = "b" }`,
			[]string{`azurerm_user_assigned_identity.i.name changes from "a" to "b", which replaces it`}},
		{"resource group moved", `resource "azurerm_resource_group" "g" { location = "westeurope" }`, `resource "azurerm_resource_group" "g" { location = "northeurope" }`,
			[]string{`azurerm_resource_group.g.location changes from "westeurope" to "northeurope", which replaces it`}},
		{"service deleted", `resource "azurerm_eventhub_namespace" "n" {}`, ``, []string{`azurerm_eventhub_namespace.n is deleted`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replaced, err := Replacements(map[string][]byte{"main.tf": []byte(tc.old)}, map[string][]byte{"main.tf": []byte(tc.new)})
			if err != nil {
				t.Fatal(err)
			}
			got := Strings(replaced)
			for i := range got {
				got[i] = strings.SplitN(got[i], " (", 2)[0]
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// TestReplacementsThroughReferences: a resource whose replacement-forcing
// argument refers to an attribute that changes (a renamed resource group's
// name, a moved one's location) or that a replacement leaves unknown (a
// replaced account's or subnet's id) is replaced too; one that refers to an
// attribute the configuration sets and keeps (a replaced account's name) is
// not, nor is anything when only a tag changes.
func TestReplacementsThroughReferences(t *testing.T) {
	module := func(rg, location, tier, subnet string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`
resource "azurerm_resource_group" "this" {
  name     = "` + rg + `"
  location = "` + location + `"
  tags     = { owner = "` + tier + `" }
}
resource "azurerm_subnet" "app" {
  for_each             = toset(["a"])
  name                 = "` + subnet + `"
  resource_group_name  = "rg-network"
  virtual_network_name = "vnet-hub"
}
resource "azurerm_storage_account" "st" {
  name                = "st01"
  resource_group_name = "rg-fixed"
  location            = azurerm_resource_group.this.location
  account_tier        = "` + tier + `"
}
resource "azurerm_private_endpoint" "blob" {
  name                = "pe-${azurerm_storage_account.st.name}-blob"
  resource_group_name = "rg-fixed"
  location            = "westeurope"
  subnet_id           = azurerm_subnet.app["a"].id
  private_service_connection {
    private_connection_resource_id = azurerm_storage_account.st.id
  }
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = azurerm_resource_group.this.name
}
`)}
	}
	was := module("rg-app", "westeurope", "Standard", "snet-app")
	for _, c := range []struct {
		name string
		is   map[string][]byte
		want []string
	}{
		{"only a tag changes", map[string][]byte{"main.tf": bytes.Replace(was["main.tf"], []byte(`owner = "Standard"`), []byte(`owner = "team-b"`), 1)}, nil},
		{"the resource group is renamed", module("rg-app2", "westeurope", "Standard", "snet-app"), []string{
			"azurerm_private_dns_zone.blob is replaced too: its resource_group_name refers to azurerm_resource_group.this, which changes it",
			`azurerm_resource_group.this.name changes from "rg-app" to "rg-app2", which replaces it`,
		}},
		// The zone refers to the group's name, which the configuration
		// sets and keeps: Terraform plans no change to it (the group's
		// own replacement is listed).
		{"the resource group moves", module("rg-app", "northeurope", "Standard", "snet-app"), []string{
			"azurerm_private_endpoint.blob is replaced too: its private_service_connection.private_connection_resource_id refers to azurerm_storage_account.st, which changes it",
			`azurerm_resource_group.this.location changes from "westeurope" to "northeurope", which replaces it`,
			"azurerm_storage_account.st is replaced too: its location refers to azurerm_resource_group.this, which changes it",
		}},
		{"the account is replaced", module("rg-app", "westeurope", "Premium", "snet-app"), []string{
			"azurerm_private_endpoint.blob is replaced too: its private_service_connection.private_connection_resource_id refers to azurerm_storage_account.st, which changes it",
			`azurerm_storage_account.st.account_tier changes from "Standard" to "Premium", which replaces it`,
		}},
		{"the subnet is renamed", module("rg-app", "westeurope", "Standard", "snet-app2"), []string{
			"azurerm_private_endpoint.blob is replaced too: its subnet_id refers to azurerm_subnet.app, which changes it",
			`azurerm_subnet.app.name changes from "snet-app" to "snet-app2", which replaces it`,
		}},
	} {
		checkReplacements(t, c.name, was, c.is, c.want)
	}
}

// checkReplacements checks what Replacements says from was to is,
// without the provider source each line names.
func checkReplacements(t *testing.T, name string, was, is map[string][]byte, want []string) {
	t.Helper()
	replaced, err := Replacements(was, is)
	if err != nil {
		t.Fatal(name, err)
	}
	got := Strings(replaced)
	for i := range got {
		got[i] = strings.SplitN(got[i], " (", 2)[0]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got)\n%s", name, diff)
	}
}

// TestReplacementsResolved: values are compared as Terraform plans them.
// A data source, local or variable default that reads another name
// replaces what refers to it (an existing VNet or resource group renamed,
// a subnet ID moved); a data source that reads a resource with any change
// is read while applying, so what refers to it is replaced; so is what
// replace_triggered_by ties to a changed resource. A reference written out
// as its value, or a resource turned into a data source of the same names,
// replaces nothing; nor does an argument in ignore_changes.
func TestReplacementsResolved(t *testing.T) {
	const endpoint = `
resource "azurerm_private_endpoint" "pe" {
  name                = "pe-st01-blob"
  resource_group_name = %s
  location            = %s
  subnet_id           = %s
%s}
`
	pe := func(rg, location, subnet, extra string) string {
		return fmt.Sprintf(endpoint, rg, location, subnet, extra)
	}
	existing := func(rg, vnet string) string {
		return `
data "azurerm_resource_group" "this" {
  name = "` + rg + `"
}
data "azurerm_virtual_network" "this" {
  name                = "` + vnet + `"
  resource_group_name = "rg-net"
}
data "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  virtual_network_name = data.azurerm_virtual_network.this.name
  resource_group_name  = data.azurerm_virtual_network.this.resource_group_name
}
`
	}
	created := `
resource "azurerm_resource_group" "this" {
  name     = "rg-app"
  location = "westeurope"
  tags     = var.tags
}
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  virtual_network_name = "vnet-app"
  resource_group_name  = "rg-net"
}
`
	byData := pe("data.azurerm_resource_group.this.name", "data.azurerm_resource_group.this.location", "data.azurerm_subnet.pe.id", "")
	byResource := pe("azurerm_resource_group.this.name", "azurerm_resource_group.this.location", "azurerm_subnet.pe.id", "")
	chain := func(n int) string { // rg0 … rgN, each location read from the next two
		var sb strings.Builder
		for i := 0; i < n; i++ {
			fmt.Fprintf(&sb, "resource \"azurerm_resource_group\" \"rg%d\" {\n  name = \"rg%d\"\n  location = coalesce(azurerm_resource_group.rg%d.location, azurerm_resource_group.rg%d.location)\n}\n", i, i, i+1, i+2)
		}
		fmt.Fprintf(&sb, "resource \"azurerm_resource_group\" \"rg%d\" {\n  name = \"a\"\n  location = \"westeurope\"\n}\nresource \"azurerm_resource_group\" \"rg%d\" {\n  name = \"b\"\n  location = \"westeurope\"\n}\n", n, n+1)
		return sb.String()
	}
	for _, c := range []struct {
		name, was, is string
		want          []string
	}{
		{"an existing VNet renamed", existing("rg-app", "vnet-a") + byData, existing("rg-app", "vnet-b") + byData, []string{
			"azurerm_private_endpoint.pe is replaced too: its subnet_id refers to data.azurerm_subnet.pe, which changes it"}},
		// Its location is what Azure returns for the group read: listed,
		// as another group's may differ.
		// Its name, the endpoint's resource_group_name, is compared
		// regardless of letter case, as the provider does.
		{"an existing resource group renamed in letter case", existing("rg-app", "vnet-a") + byData, existing("RG-App", "vnet-a") + byData, []string{
			`azurerm_private_endpoint.pe is replaced too: its location refers to data.azurerm_resource_group.this, whose name changes from "rg-app" to "RG-App"`}},
		{"a subnet ID in a local moved", "locals {\n  subnet = \"/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet-pe\"\n}\n" + pe(`"rg-app"`, `"westeurope"`, "local.subnet", ""),
			"locals {\n  subnet = \"/subscriptions/s/resourceGroups/rg-net-02/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet-pe\"\n}\n" + pe(`"rg-app"`, `"westeurope"`, "local.subnet", ""), []string{
				`azurerm_private_endpoint.pe is replaced too: its subnet_id refers to local.subnet, whose value changes from "/subscriptions/s/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet-pe" to "/subscriptions/s/resourceGroups/rg-net-02/providers/Microsoft.Network/virtualNetworks/vnet-a/subnets/snet-pe"`}},
		{"a variable's default changed", "variable \"location\" {\n  default = \"westeurope\"\n}\n" + pe(`"rg-app"`, "var.location", `"/s/1"`, ""),
			"variable \"location\" {\n  default = \"northeurope\"\n}\n" + pe(`"rg-app"`, "var.location", `"/s/1"`, ""), []string{
				`azurerm_private_endpoint.pe is replaced too: its location refers to var.location, whose value changes from "westeurope" to "northeurope"`}},
		{"a reference written out as its value", created + byResource, created + pe(`"rg-app"`, `"westeurope"`, "azurerm_subnet.pe.id", ""), nil},
		{"a number written as a string", pe(`"rg-app"`, `"1"`, `"/s/1"`, ""), pe(`"rg-app"`, "1", `"/s/1"`, ""), nil},
		{"a reference wrapped in a template", created + byResource, created + pe(`"${azurerm_resource_group.this.name}"`, "azurerm_resource_group.this.location", "azurerm_subnet.pe.id", ""), nil},
		{"a resource group and subnet turned into data sources of the same names", created + byResource,
			existing("rg-app", "vnet-app") + pe("data.azurerm_resource_group.this.name", "data.azurerm_resource_group.this.location", "data.azurerm_subnet.pe.id", ""), []string{
				"azurerm_resource_group.this is deleted", "azurerm_subnet.pe is deleted: the module reads it as existing now"}},
		{"a data source reading a resource changed in place", created + "data \"azurerm_resource_group\" \"read\" {\n  name = azurerm_resource_group.this.name\n}\n" + pe(`"rg-app"`, "data.azurerm_resource_group.read.location", `"/s/1"`, ""),
			strings.Replace(created, "var.tags", "{ owner = \"b\" }", 1) + "data \"azurerm_resource_group\" \"read\" {\n  name = azurerm_resource_group.this.name\n}\n" + pe(`"rg-app"`, "data.azurerm_resource_group.read.location", `"/s/1"`, ""), []string{
				"azurerm_private_endpoint.pe is replaced too: its location refers to data.azurerm_resource_group.read, which changes it"}},
		{"replace_triggered_by a resource changed in place", created + pe(`"rg-app"`, `"westeurope"`, `"/s/1"`, "  lifecycle {\n    replace_triggered_by = [azurerm_resource_group.this]\n  }\n"),
			strings.Replace(created, "var.tags", "{ owner = \"b\" }", 1) + pe(`"rg-app"`, `"westeurope"`, `"/s/1"`, "  lifecycle {\n    replace_triggered_by = [azurerm_resource_group.this]\n  }\n"), []string{
				"azurerm_private_endpoint.pe is replaced too: its lifecycle.replace_triggered_by refers to azurerm_resource_group.this, which changes it"}},
		{"an argument in ignore_changes", created + pe(`"rg-app"`, `"westeurope"`, `"/s/1"`, "  lifecycle {\n    ignore_changes = [location, tags[\"x\"]]\n  }\n"),
			created + pe(`"rg-app"`, `"northeurope"`, `"/s/1"`, "  lifecycle {\n    ignore_changes = [location, tags[\"x\"]]\n  }\n"), nil},
		// Followed once per reference: a walk of every path would not end.
		{"a long chain of references, renamed at its end", chain(60), strings.Replace(chain(60), `name = "b"`, `name = "c"`, 1), []string{
			`azurerm_resource_group.rg61.name changes from "b" to "c", which replaces it`}},
	} {
		checkReplacements(t, c.name, map[string][]byte{"main.tf": []byte(c.was)}, map[string][]byte{"main.tf": []byte(c.is)}, c.want)
	}
}

// TestSameMajor: configurations pinning one azurerm major compare argument
// by argument, whatever the minor (a module written by an older release);
// across majors they do not.
func TestSameMajor(t *testing.T) {
	pin := func(c string) []byte {
		return []byte("terraform {\n  required_version = \">= 1.11\"\n  required_providers {\n    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = \"" + c + "\"\n    }\n  }\n}\n")
	}
	for _, c := range []struct {
		was, is []byte
		want    bool
	}{
		{pin("~> 5.2"), pin("~> 5.2"), true},
		{pin("~> 5.1"), pin("~> 5.2"), true},
		{pin(">= 4.36.0, < 5.0.0"), pin("~> 4.36"), true},
		{pin("~> 4.36"), pin("~> 5.2"), false},
		{pin("~> 5.2"), pin("~> 4.36"), false},
		{nil, pin("~> 5.2"), true},
		{pin("~> 5.2"), nil, false},
		// Another provider beside azurerm is not azurerm (a reviewer's
		// finding: its constraint was read as a second major).
		{withAzapi(pin("~> 4.36")), withAzapi(pin("~> 4.40")), true},
		{withAzapi(pin("~> 4.36")), withAzapi(pin("~> 5.2")), false},
	} {
		if got := sameMajor(c.was, c.is); got != c.want {
			t.Errorf("%q → %q: %v, want %v", c.was, c.is, got, c.want)
		}
	}
	for src, want := range map[string]string{
		string(pin("~> 4.81")):                               "4",
		string(pin(">= 4.81")):                               "4",
		string(pin("4.81.0")):                                "4",
		string(withAzapi(pin("~> 5.2"))):                     "5",
		"terraform {\n  required_version = \">= 1.11\"\n}\n": "",
		"terraform {":                                        "",
	} {
		if got := PinnedMajor([]byte(src)); got != want {
			t.Errorf("PinnedMajor(%q) = %q, want %q", src, got, want)
		}
	}
}

// withAzapi adds the azapi provider before azurerm in required_providers,
// as a user's versions.tf.tmpl may.
func withAzapi(src []byte) []byte {
	return []byte(strings.Replace(string(src), "    azurerm = {", "    azapi = {\n      source  = \"Azure/azapi\"\n      version = \"~> 2.0\"\n    }\n    azurerm = {", 1))
}

// TestReplacementsReviewed: a reviewer's cases. An instance key
// (for_each, count) is part of what a reference reads, and each.value reads
// the value of its key; a literal local or variable default is read at the
// path the reference reads; a data source read while applying keeps the
// arguments it is configured with; a resource changed only through a
// variable's default is changed (for replace_triggered_by and data sources
// read while applying), one changed only in its lifecycle or its text is
// not, and one created anew triggers nothing; replace_triggered_by holds
// whatever ignore_changes says; ignore_changes of one nested argument
// ignores that argument only.
func TestReplacementsReviewed(t *testing.T) {
	const rrBase = `
resource "azurerm_resource_group" "rg" {
  name     = "rg-a"
  location = "westeurope"
}
`
	pe := func(subnet string) string {
		return rrBase + `
resource "azurerm_subnet" "s" {
  for_each             = { a = "snet-a", b = "snet-b" }
  name                 = each.value
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = "vnet"
  address_prefixes     = ["10.0.0.0/24"]
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "westeurope"
  subnet_id           = ` + subnet + `
  private_service_connection {
    name = "psc"
    is_manual_connection = false
    private_connection_resource_id = "x"
  }
}
`
	}
	checkReplacements(t, "A for_each key switch a->b (must replace pe)", map[string][]byte{"main.tf": []byte(pe(`azurerm_subnet.s["a"].id`))}, map[string][]byte{"main.tf": []byte(pe(`azurerm_subnet.s["b"].id`))}, []string{`azurerm_private_endpoint.pe.subnet_id changes from azurerm_subnet.s["a"].id to azurerm_subnet.s["b"].id, which replaces it`})

	// for_each value rename
	fe := func(v string) string {
		return rrBase + `
resource "azurerm_subnet" "s" {
  for_each             = { a = "` + v + `" }
  name                 = each.value
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = "vnet"
  address_prefixes     = ["10.0.0.0/24"]
}
`
	}
	checkReplacements(t, "C for_each value renames subnet (must replace)", map[string][]byte{"main.tf": []byte(fe("snet-a"))}, map[string][]byte{"main.tf": []byte(fe("snet-z"))}, []string{`azurerm_subnet.s is replaced too: its name refers to each.value, which changes it`})
	fe2 := func(m string) string {
		return rrBase + `
resource "azurerm_subnet" "s" {
  for_each             = ` + m + `
  name                 = each.value
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = "vnet"
  address_prefixes     = ["10.0.0.0/24"]
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = azurerm_resource_group.rg.name
  location            = "westeurope"
  subnet_id           = azurerm_subnet.s["a"].id
}
`
	}
	checkReplacements(t, "D for_each gains key (must NOT replace pe)", map[string][]byte{"main.tf": []byte(fe2(`{ a = "snet-a" }`))}, map[string][]byte{"main.tf": []byte(fe2(`{ a = "snet-a", b = "snet-b" }`))}, nil)

	// locals object: changing another field
	obj := func(o string) string {
		return `
locals { names = ` + o + ` }
resource "azurerm_resource_group" "rg" {
  name     = local.names.rg
  location = "westeurope"
}
`
	}
	checkReplacements(t, "G local object other field changes (must NOT)", map[string][]byte{"main.tf": []byte(obj(`{ rg = "rg-a", kv = "kv1" }`))}, map[string][]byte{"main.tf": []byte(obj(`{ rg = "rg-a", kv = "kv2" }`))}, nil)
	vmap := func(o string) string {
		return `
variable "names" { default = ` + o + ` }
resource "azurerm_resource_group" "rg" {
  name     = var.names["rg"]
  location = "westeurope"
}
`
	}
	checkReplacements(t, "H var map default other key changes (must NOT)", map[string][]byte{"main.tf": []byte(vmap(`{ rg = "rg-a", kv = "kv1" }`))}, map[string][]byte{"main.tf": []byte(vmap(`{ rg = "rg-a", kv = "kv2" }`))}, nil)
	// data source deferred: configured arg stays known
	ds := func(tags string) string {
		return `
resource "azurerm_resource_group" "rg" {
  name     = "rg-a"
  location = "westeurope"
  tags     = ` + tags + `
}
data "azurerm_resource_group" "d" {
  name = azurerm_resource_group.rg.name
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = data.azurerm_resource_group.d.name
  location            = "westeurope"
}
`
	}
	checkReplacements(t, "I data source deferred, reads its configured name (must NOT replace kv)", map[string][]byte{"main.tf": []byte(ds(`{ a = "1" }`))}, map[string][]byte{"main.tf": []byte(ds(`{ a = "2" }`))}, nil)
	// lifecycle-only change marks resource changed
	lc := func(extra string) string {
		return `
resource "azurerm_resource_group" "rg" {
  name     = "rg-a"
  location = "westeurope"
  ` + extra + `
}
data "azurerm_resource_group" "d" {
  name = azurerm_resource_group.rg.name
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = "rg-a"
  location            = data.azurerm_resource_group.d.location
}
`
	}
	checkReplacements(t, "J adding prevent_destroy to RG (no plan change) ", map[string][]byte{"main.tf": []byte(lc(``))}, map[string][]byte{"main.tf": []byte(lc(`lifecycle { prevent_destroy = true }`))}, nil)
	checkReplacements(t, "K RG name written as local with same value", map[string][]byte{"main.tf": []byte(lc(``))}, map[string][]byte{"main.tf": []byte(strings.Replace(lc(``), `name     = "rg-a"`, `name     = local.n`, 1) + "\nlocals { n = \"rg-a\" }\n")}, nil)
	// value change through a variable: data source reading it must defer
	vr := func(def string) string {
		return `
variable "tags" { default = ` + def + ` }
resource "azurerm_resource_group" "rg" {
  name     = "rg-a"
  location = "westeurope"
  tags     = var.tags
}
data "azurerm_resource_group" "d" {
  name = azurerm_resource_group.rg.name
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = "rg-a"
  location            = data.azurerm_resource_group.d.location
}
`
	}
	checkReplacements(t, "L RG tags change via variable default (data deferred -> kv location unknown: replace)", map[string][]byte{"main.tf": []byte(vr(`{ a = "1" }`))}, map[string][]byte{"main.tf": []byte(vr(`{ a = "2" }`))}, []string{`azurerm_key_vault.kv is replaced too: its location refers to data.azurerm_resource_group.d, which changes it`})
	// replace_triggered_by of a resource changed only through a variable
	rtb := func(def string) string {
		return `
variable "p" { default = ` + def + ` }
resource "azurerm_subnet" "s" {
  name                 = "s"
  resource_group_name  = "rg"
  virtual_network_name = "v"
  address_prefixes     = var.p
}
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = "rg-a"
  location            = "westeurope"
  lifecycle {
    replace_triggered_by = [azurerm_subnet.s]
  }
}
`
	}
	checkReplacements(t, "M replace_triggered_by, subnet updated via var (must replace kv)", map[string][]byte{"main.tf": []byte(rtb(`["10.0.0.0/24"]`))}, map[string][]byte{"main.tf": []byte(rtb(`["10.0.1.0/24"]`))}, []string{`azurerm_key_vault.kv is replaced too: its lifecycle.replace_triggered_by refers to azurerm_subnet.s, which changes it`})
	// replace_triggered_by of a new resource (Create does not trigger)
	checkReplacements(t, "N replace_triggered_by names a resource being created (must NOT)", map[string][]byte{"main.tf": []byte(`resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = "rg-a"
  location            = "westeurope"
  lifecycle {
    replace_triggered_by = [azurerm_subnet.s]
  }
}`)}, map[string][]byte{"main.tf": []byte(rtb(`["10.0.0.0/24"]`))}, nil)
	// ignore_changes=all still honours replace_triggered_by
	checkReplacements(t, "O ignore_changes=all + replace_triggered_by (must replace)", map[string][]byte{"main.tf": []byte(strings.Replace(rtb(`["10.0.0.0/24"]`), "lifecycle {", "lifecycle {\n    ignore_changes = all", 1))}, map[string][]byte{"main.tf": []byte(strings.Replace(rtb(`["10.0.1.0/24"]`), "lifecycle {", "lifecycle {\n    ignore_changes = all", 1))}, []string{`azurerm_key_vault.kv is replaced too: its lifecycle.replace_triggered_by refers to azurerm_subnet.s, which changes it`})

	// ignore_changes on one nested arg only
	ign := func(sr string) string {
		return `
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = "sid"
  private_service_connection {
    name = "psc"
    is_manual_connection = false
    private_connection_resource_id = "x"
    subresource_names = ["` + sr + `"]
  }
  lifecycle { ignore_changes = [private_service_connection[0].name] }
}
`
	}
	checkReplacements(t, "T ignore psc[0].name only; subresource_names change (must replace)", map[string][]byte{"main.tf": []byte(ign("blob"))}, map[string][]byte{"main.tf": []byte(ign("file"))}, []string{`azurerm_private_endpoint.pe.private_service_connection.subresource_names changes from ["blob"] to ["file"], which replaces it`})
	// data source without resource_group_name for a private dns zone turned from resource
	checkReplacements(t, "U dns zone resource -> data source without resource_group_name", map[string][]byte{"main.tf": []byte(`resource "azurerm_private_dns_zone" "z" {
  name = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
}
removed {
  from = azurerm_private_dns_zone.z
  lifecycle { destroy = false }
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = azurerm_private_dns_zone.z.id
}`)}, map[string][]byte{"main.tf": []byte(`removed {
  from = azurerm_private_dns_zone.z
  lifecycle { destroy = false }
}
data "azurerm_private_dns_zone" "z" {
  name = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = data.azurerm_private_dns_zone.z.id
}`)}, nil)
}

// TestReplacementsProviderDefaults: an argument left out plans the
// provider's default, so the default written out on the other side
// (is_hns_enabled = false in a hand-written root, "false" as a string, 0
// partitions, kind GlobalDocumentDB) replaces nothing, either way, nor
// what replace_triggered_by ties to the resource; any other value does.
func TestReplacementsProviderDefaults(t *testing.T) {
	// A root of one resource with its required arguments and args.
	root := func(typ, required, args string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "` + typ + `" "r" {
  name                = "r"
  resource_group_name = "rg"
  location            = "westeurope"
` + required + "\n" + args + "\n}\n")}
	}
	for _, c := range []struct {
		typ, required, args string
		want                []string
	}{
		{"azurerm_storage_account", storageRequired, "is_hns_enabled = false\nnfsv3_enabled = false\ninfrastructure_encryption_enabled = false", nil},
		{"azurerm_storage_account", storageRequired, `is_hns_enabled = "false"` + "\n" + `queue_encryption_key_type = "Service"` + "\n" + `table_encryption_key_type = "Service"` + "\n" + `dns_endpoint_type = "Standard"`, nil},
		{"azurerm_storage_account", storageRequired, "is_hns_enabled = null", nil},
		{"azurerm_storage_account", storageRequired, "is_hns_enabled = true", []string{"azurerm_storage_account.r.is_hns_enabled changes from the provider's default to true, which replaces it"}},
		{"azurerm_storage_account", storageRequired, `queue_encryption_key_type = "Account"`, []string{`azurerm_storage_account.r.queue_encryption_key_type changes from the provider's default to "Account", which replaces it`}},
		{"azurerm_storage_account", storageRequired, "is_hns_enabled = var.hns", []string{"azurerm_storage_account.r.is_hns_enabled changes from the provider's default to var.hns, which replaces it"}},
		{"azurerm_servicebus_namespace", `sku = "Premium"`, "premium_messaging_partitions = 0", nil},
		{"azurerm_servicebus_namespace", `sku = "Premium"`, "premium_messaging_partitions = 2", []string{"azurerm_servicebus_namespace.r.premium_messaging_partitions changes from the provider's default to 2, which replaces it"}},
		{"azurerm_cosmosdb_account", `offer_type = "Standard"`, `kind = "GlobalDocumentDB"`, nil},
		{"azurerm_cosmosdb_account", `offer_type = "Standard"`, `kind = "MongoDB"`, []string{`azurerm_cosmosdb_account.r.kind changes from the provider's default to "MongoDB", which replaces it`}},
		// A block: any change of it replaces the account.
		{"azurerm_storage_account", storageRequired, "immutability_policy {\n  allow_protected_append_writes = true\n  state = \"Unlocked\"\n  period_since_creation_in_days = 1\n}", []string{
			"azurerm_storage_account.r.immutability_policy changes from the provider's default to immutability_policy { allow_protected_append_writes = true state = \"Unlocked\" period_since_creation_in_days = 1 }, which replaces it"}},
	} {
		none := root(c.typ, c.required, "")
		checkReplacements(t, "written out: "+c.args, none, root(c.typ, c.required, c.args), c.want)
		var back []string
		for _, w := range c.want {
			w = strings.Replace(w, "from the provider's default to ", "from ", 1)
			back = append(back, strings.Replace(w, ", which", " to the provider's default, which", 1))
		}
		checkReplacements(t, "left out: "+c.args, root(c.typ, c.required, c.args), none, back)
	}
	// The default held by a local or a variable's default is the default
	// too, and the same value as the literal.
	for _, holder := range []struct{ ref, decl string }{
		{"local.hns", "locals {\n  hns = false\n}\n"},
		{"var.hns", "variable \"hns\" {\n  default = \"false\"\n}\n"},
	} {
		with := func(args string) map[string][]byte {
			files := root("azurerm_storage_account", storageRequired, args)
			files["locals.tf"] = []byte(holder.decl)
			return files
		}
		ref, none, literal := with("is_hns_enabled = "+holder.ref), with(""), with("is_hns_enabled = false")
		checkReplacements(t, "written out through "+holder.ref, none, ref, nil)
		checkReplacements(t, "left out from "+holder.ref, ref, none, nil)
		checkReplacements(t, "the literal written as "+holder.ref, literal, ref, nil)
		checkReplacements(t, holder.ref+" written as the literal", ref, literal, nil)
	}
	triggered := func(args string) map[string][]byte {
		files := root("azurerm_storage_account", storageRequired, args)
		files["pe.tf"] = []byte(`resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = "/s/1"
  lifecycle {
    replace_triggered_by = [azurerm_storage_account.r]
  }
}
`)
		return files
	}
	checkReplacements(t, "replace_triggered_by, the default written out", triggered(""), triggered("is_hns_enabled = false"), nil)
	checkReplacements(t, "replace_triggered_by, a change in place", triggered(""), triggered(`access_tier = "Cool"`), []string{
		"azurerm_private_endpoint.pe is replaced too: its lifecycle.replace_triggered_by refers to azurerm_storage_account.r, which changes it"})
}

// TestReplacementsKeptWhenLeftOut: an Optional and Computed argument left
// out keeps the value it has (no change planned); set where it was left
// out, it may differ from what Azure has, and is listed.
func TestReplacementsKeptWhenLeftOut(t *testing.T) {
	server := func(typ, login string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "` + typ + `" "r" {
  name                = "r"
  resource_group_name = "rg"
  location            = "westeurope"
  ` + login + `
}
`)}
	}
	for _, typ := range []string{"azurerm_mysql_flexible_server", "azurerm_mssql_server", "azurerm_postgresql_flexible_server"} {
		checkReplacements(t, typ+" login left out", server(typ, `administrator_login = "dbadmin"`), server(typ, ""), nil)
		checkReplacements(t, typ+" login changed", server(typ, `administrator_login = "dbadmin"`), server(typ, `administrator_login = "other"`), []string{
			typ + `.r.administrator_login changes from "dbadmin" to "other", which replaces it`})
	}
	checkReplacements(t, "mysql login set", server("azurerm_mysql_flexible_server", ""), server("azurerm_mysql_flexible_server", `administrator_login = "dbadmin"`), []string{
		`azurerm_mysql_flexible_server.r.administrator_login changes from the provider's default to "dbadmin", which replaces it`})
	zone := func(soa string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_private_dns_zone" "z" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg"
` + soa + `
}
`)}
	}
	soa := "  soa_record {\n    email = \"hostmaster.example.com\"\n  }"
	checkReplacements(t, "soa_record left out", zone(soa), zone(""), nil)
	checkReplacements(t, "soa_record set", zone(""), zone(soa), []string{
		`azurerm_private_dns_zone.z.soa_record changes from the provider's default to soa_record { email = "hostmaster.example.com" }, which replaces it`})
}

const storageRequired = "account_tier = \"Standard\"\naccount_replication_type = \"LRS\""

// TestReplacementsLetterCase: a private endpoint's or private DNS zone's
// resource_group_name changed only in letter case replaces nothing (the
// provider suppresses the difference); a storage account's, whose schema
// does not, is replaced; another name is a replacement everywhere.
func TestReplacementsLetterCase(t *testing.T) {
	root := func(rg string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_private_dns_zone" "z" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "` + rg + `"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "` + rg + `"
  location            = "westeurope"
  subnet_id           = "/s/1"
}
resource "azurerm_storage_account" "r" {
  name                = "st"
  resource_group_name = "` + rg + `"
  location            = "westeurope"
` + storageRequired + `
}
`)}
	}
	checkReplacements(t, "letter case", root("rg-app"), root("RG-App"), []string{
		`azurerm_storage_account.r.resource_group_name changes from "rg-app" to "RG-App", which replaces it`})
	// Nor what refers to the zone or endpoint: their IDs stay. (A
	// location is compared as the provider compares it.)
	refs := func(rg, location string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_private_dns_zone" "z" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "` + rg + `"
}
resource "azurerm_private_dns_zone_virtual_network_link" "l" {
  name                  = "link"
  private_dns_zone_id   = azurerm_private_dns_zone.z.id
  virtual_network_id    = "/vnet"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "` + rg + `"
  location            = "` + location + `"
  subnet_id           = "/s/1"
  lifecycle {
    replace_triggered_by = [azurerm_private_dns_zone.z]
  }
}
resource "azurerm_network_security_group" "n" {
  name                = azurerm_private_endpoint.pe.id
  resource_group_name = "rg"
  location            = "westeurope"
}
`)}
	}
	checkReplacements(t, "references, letter case", refs("rg-app", "westeurope"), refs("RG-App", "West Europe"), nil)
	// azurerm 4's links name the zone and group (case-insensitively).
	link4 := func(rg string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_private_dns_zone_virtual_network_link" "l" {
  name                  = "` + rg + `"
  resource_group_name   = "` + rg + `"
  private_dns_zone_name = "privatelink.blob.core.windows.net"
  virtual_network_id    = "/vnet"
}
`)}
	}
	checkReplacements(t, "azurerm 4 link, letter case", link4("rg-app"), link4("RG-App"), nil)
	checkReplacements(t, "another name", root("rg-app"), root("rg-app-2"), []string{
		`azurerm_private_dns_zone.z.resource_group_name changes from "rg-app" to "rg-app-2", which replaces it`,
		`azurerm_private_endpoint.pe.resource_group_name changes from "rg-app" to "rg-app-2", which replaces it`,
		`azurerm_storage_account.r.resource_group_name changes from "rg-app" to "rg-app-2", which replaces it`})
}

// TestPrivateLinkDeletions: deleting what a sub-resource taken out of the
// manifest leaves unused (its endpoint while others stay, the zone and
// link only it used) is listed as taken out; the same resources deleted
// by a pattern switched to service endpoints (no endpoint stays) or zones
// moved to a hub (the endpoints stay) are not.
func TestPrivateLinkDeletions(t *testing.T) {
	endpoint := func(sub string, zoneIDs string) string {
		return `resource "azurerm_private_endpoint" "` + sub + `" {
  name                = "pe-` + sub + `"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = "/s/1"
  private_service_connection {
    name                           = "psc"
    is_manual_connection           = false
    private_connection_resource_id = "/st"
    subresource_names              = ["` + sub + `"]
  }
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [` + zoneIDs + `]
  }
}
`
	}
	zone := func(sub string) string {
		return `resource "azurerm_private_dns_zone" "` + sub + `" {
  name                = "privatelink.` + sub + `.core.windows.net"
  resource_group_name = "rg"
}
resource "azurerm_private_dns_zone_virtual_network_link" "` + sub + `" {
  name                  = "link-vnet"
  resource_group_name   = "rg"
  private_dns_zone_name = azurerm_private_dns_zone.` + sub + `.name
  virtual_network_id    = "/vnet"
}
`
	}
	managed := func(subs ...string) map[string][]byte {
		src := ""
		for _, s := range subs {
			src += endpoint(s, "azurerm_private_dns_zone."+s+".id") + zone(s)
		}
		return map[string][]byte{"main.tf": []byte(src)}
	}
	hub := map[string][]byte{"main.tf": []byte(endpoint("blob", `"/hub/privatelink.blob.core.windows.net"`))}
	deletions := func(was, is map[string][]byte) map[string]bool {
		t.Helper()
		rs, err := Replacements(was, is)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, r := range rs {
			if r.Deleted {
				out[r.Addr] = r.TakenOut
			}
		}
		return out
	}
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    map[string]bool // deleted address → taken out
	}{
		{"a sub-resource taken out", managed("blob", "file"), managed("blob"), map[string]bool{
			"azurerm_private_endpoint.file": true, "azurerm_private_dns_zone.file": true, "azurerm_private_dns_zone_virtual_network_link.file": true}},
		{"switched to service endpoints", managed("blob"), map[string][]byte{"main.tf": nil}, map[string]bool{
			"azurerm_private_endpoint.blob": false, "azurerm_private_dns_zone.blob": false, "azurerm_private_dns_zone_virtual_network_link.blob": false}},
		{"zones moved to a hub", managed("blob"), hub, map[string]bool{
			"azurerm_private_dns_zone.blob": false, "azurerm_private_dns_zone_virtual_network_link.blob": false}},
	} {
		if diff := cmp.Diff(c.want, deletions(c.was, c.is)); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.name, diff)
		}
	}
}

// Lines gives one line per resource, its reasons merged: references alone
// in one sentence, otherwise each reason in full, what changes it as
// written first; a single reason reads as String does.
func TestLines(t *testing.T) {
	const pe, st = PrivateEndpointType + ".blob", "azurerm_storage_account.st"
	rs := []Replacement{
		{Addr: st, Type: "azurerm_storage_account", Arg: "name", Was: `"st01"`, Is: `"st02"`},
		{Addr: st, Type: "azurerm_storage_account", Arg: "location", Via: "var.location", Why: `value changes from "westeurope" to "northeurope"`},
		{Addr: st, Type: "azurerm_storage_account", Arg: "account_tier", Was: `"Standard"`, Is: `"Premium"`},
		{Addr: "azurerm_private_dns_zone.blob", Type: PrivateDNSZoneType, Deleted: true},
		{Addr: pe, Type: PrivateEndpointType, Arg: "private_service_connection.private_connection_resource_id", Via: st},
		{Addr: pe, Type: PrivateEndpointType, Arg: "resource_group_name", Via: "azurerm_resource_group.this"},
		{Addr: pe, Type: PrivateEndpointType, Arg: "subnet_id", Via: "azurerm_subnet.app"},
		{Addr: "azurerm_subnet.app", Type: "azurerm_subnet", Arg: "name", Was: `"a"`, Is: `"b"`},
	}
	want := []string{
		st + ` is replaced: its name changes from "st01" to "st02"; its account_tier from "Standard" to "Premium"; its location refers to var.location, whose value changes from "westeurope" to "northeurope"`,
		"azurerm_private_dns_zone.blob is deleted: clients that reach the service through it lose that private path",
		pe + " is replaced too: its private_service_connection.private_connection_resource_id refers to " + st + ", its resource_group_name to azurerm_resource_group.this and its subnet_id to azurerm_subnet.app, which change it",
		`azurerm_subnet.app.name changes from "a" to "b", which replaces it`,
	}
	got := Lines(rs)
	for i := range got {
		got[i] = strings.SplitN(got[i], " (https://", 2)[0]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if two := Lines(rs[5:7]); !strings.HasPrefix(two[0], pe+" is replaced too: its resource_group_name refers to azurerm_resource_group.this and its subnet_id to azurerm_subnet.app, which change it (") {
		t.Errorf("two references: %q", two)
	}

	for typ, loses := range map[string]bool{
		"azurerm_storage_account": true, "azurerm_cosmosdb_account": true, "azurerm_linux_web_app": true,
		PrivateEndpointType: false, PrivateDNSZoneType: false, ZoneLinkType: false, "azurerm_subnet": false,
		"azurerm_virtual_network": false, "azurerm_resource_group": false, "azurerm_network_security_group": false,
	} {
		if got := (Replacement{Type: typ}).LosesData(); got != loses {
			t.Errorf("%s: LosesData %v, want %v", typ, got, loses)
		}
	}
}

// A subnet whose VNet is replaced keeps Azure from deleting the VNet (or,
// empty, goes with it), and an azurerm 4 zone link keeps Azure from
// deleting its replaced zone, though the names they read are known and
// unchanged, so the plan keeps them (and what refers to them): listed as
// kept by the plan.
func TestReplacementsChildOfReplacedParent(t *testing.T) {
	root := func(location, soaEmail, tags string) map[string][]byte {
		return map[string][]byte{"main.tf": fmt.Appendf(nil, `
resource "azurerm_virtual_network" "this" {
  name                = "vnet-app"
  resource_group_name = "rg-app"
  location            = %q
  tags                = { owner = %q }
}
resource "azurerm_subnet" "app" {
  name                 = "snet-app"
  resource_group_name  = "rg-app"
  virtual_network_name = azurerm_virtual_network.this.name
}
resource "azurerm_private_endpoint" "blob" {
  name                = "pe-st01-blob"
  resource_group_name = "rg-app"
  location            = "westeurope"
  subnet_id           = azurerm_subnet.app.id
}
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg-app"
  soa_record {
    email = %q
  }
}
resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
  name                  = "link-app"
  resource_group_name   = azurerm_private_dns_zone.blob.resource_group_name
  private_dns_zone_name = azurerm_private_dns_zone.blob.name
  virtual_network_id    = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
}
`, location, tags, soaEmail)}
	}
	was := root("westeurope", "a.example.com", "team-a")
	checkReplacements(t, "tags only", was, root("westeurope", "a.example.com", "team-b"), nil)
	// The plan keeps the subnet, and so the endpoint in it: Azure refuses
	// the VNet's replacement (the endpoint's network interface is in it).
	checkReplacements(t, "the VNet replaced", was, root("northeurope", "a.example.com", "team-a"), []string{
		"azurerm_subnet.app is kept by the plan, but its virtual_network_name refers to azurerm_virtual_network.this, whose replacement Azure refuses while the subnet holds resources",
		`azurerm_virtual_network.this.location changes from "westeurope" to "northeurope", which replaces it`,
	})
	// A subnet replaced for its own reasons is not said to be kept.
	renamed := root("northeurope", "a.example.com", "team-a")
	renamed["main.tf"] = bytes.Replace(renamed["main.tf"], []byte(`"snet-app"`), []byte(`"snet-app2"`), 1)
	checkReplacements(t, "the VNet and the subnet replaced", was, renamed, []string{
		"azurerm_private_endpoint.blob is replaced too: its subnet_id refers to azurerm_subnet.app, which changes it",
		`azurerm_subnet.app.name changes from "snet-app" to "snet-app2", which replaces it`,
		`azurerm_virtual_network.this.location changes from "westeurope" to "northeurope", which replaces it`,
	})
	checkReplacements(t, "the zone replaced", was, root("westeurope", "b.example.com", "team-a"), []string{
		"azurerm_private_dns_zone.blob.soa_record changes from soa_record { email = \"a.example.com\" } to soa_record { email = \"b.example.com\" }, which replaces it",
		"azurerm_private_dns_zone_virtual_network_link.blob is kept by the plan, but its private_dns_zone_name refers to azurerm_private_dns_zone.blob, whose replacement Azure refuses while the link exists: the apply fails there",
	})
}

// A resource turned into a data source of the same type and name
// (existing: true) is still deleted: the warning says how to keep it, and
// for a resource group that azurerm refuses while it holds resources.
func TestReplacementsExistingAdvice(t *testing.T) {
	for _, c := range []struct{ typ, want string }{
		{"azurerm_resource_group", "azurerm_resource_group.this is deleted (or, as azurerm refuses to delete a group that holds resources, the apply fails there): the module reads it as existing now (data.azurerm_resource_group.this), and Terraform deletes what it no longer manages. Keep it with a removed block (from = azurerm_resource_group.this, lifecycle { destroy = false }) or terraform state rm azurerm_resource_group.this before applying"},
		{"azurerm_virtual_network", "azurerm_virtual_network.this is deleted: the module reads it as existing now (data.azurerm_virtual_network.this), and Terraform deletes what it no longer manages. Keep it with a removed block (from = azurerm_virtual_network.this, lifecycle { destroy = false }) or terraform state rm azurerm_virtual_network.this before applying"},
	} {
		was := map[string][]byte{"main.tf": []byte(`resource "` + c.typ + `" "this" {
  name     = "x"
  location = "westeurope"
}
`)}
		is := map[string][]byte{"main.tf": []byte(`data "` + c.typ + `" "this" {
  name = "x"
}
`)}
		got, err := Replacements(was, is)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{c.want}, Strings(got)); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.typ, diff)
		}
	}
	// Deleted without a data source of that name: no such advice.
	got, _ := Replacements(map[string][]byte{"main.tf": []byte("resource \"azurerm_virtual_network\" \"this\" {\n  name = \"x\"\n}\n")}, map[string][]byte{"main.tf": nil})
	if diff := cmp.Diff([]string{"azurerm_virtual_network.this is deleted"}, Strings(got)); diff != "" {
		t.Errorf("deleted (-want +got)\n%s", diff)
	}
}

// A resource replaced create-before-destroy (its own lifecycle, or a
// dependency of one that has it) under its old name and resource group
// fails at apply, and the line says so; under a new name it does not.
func TestReplacementsCreatedFirst(t *testing.T) {
	root := func(rg, location string) map[string][]byte {
		return map[string][]byte{"main.tf": fmt.Appendf(nil, `
resource "azurerm_resource_group" "this" {
  name     = %q
  location = %q
}
resource "azurerm_network_security_group" "app" {
  name                = "nsg-app"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
  lifecycle {
    create_before_destroy = true
  }
}
resource "azurerm_key_vault" "kv" {
  name                = "kv-app"
  resource_group_name = azurerm_resource_group.this.name
  location            = azurerm_resource_group.this.location
}
`, rg, location)}
	}
	const fails = "; create_before_destroy, Terraform creates the new one first, under the name of the old one, which Azure still has: the apply fails there"
	checkReplacements(t, "a new location, the names kept", root("rg-app", "westeurope"), root("rg-app", "northeurope"), []string{
		"azurerm_key_vault.kv is replaced too: its location refers to azurerm_resource_group.this, which changes it",
		"azurerm_network_security_group.app is replaced too: its location refers to azurerm_resource_group.this, which changes it" + fails,
		`azurerm_resource_group.this.location changes from "westeurope" to "northeurope", which replaces it` + fails,
	})
	// Through a local, as Terraform's dependency graph goes.
	viaLocal := func(location string) map[string][]byte {
		files := root("rg-app", location)
		files["main.tf"] = bytes.Replace(files["main.tf"], []byte("resource_group_name = azurerm_resource_group.this.name\n  location            = azurerm_resource_group.this.location\n  lifecycle"), []byte("resource_group_name = local.rg\n  location            = local.location\n  lifecycle"), 1)
		files["locals.tf"] = []byte("locals {\n  rg       = azurerm_resource_group.this.name\n  location = azurerm_resource_group.this.location\n}\n")
		return files
	}
	if !bytes.Contains(viaLocal("westeurope")["main.tf"], []byte("local.rg")) {
		t.Fatal("the NSG does not read local.rg")
	}
	checkReplacements(t, "a new location, through a local", viaLocal("westeurope"), viaLocal("northeurope"), []string{
		"azurerm_key_vault.kv is replaced too: its location refers to azurerm_resource_group.this, which changes it",
		"azurerm_network_security_group.app is replaced too: its location refers to local.location, which changes it" + fails,
		`azurerm_resource_group.this.location changes from "westeurope" to "northeurope", which replaces it` + fails,
	})
	checkReplacements(t, "a new resource group name", root("rg-app", "westeurope"), root("rg-app-2", "westeurope"), []string{
		"azurerm_key_vault.kv is replaced too: its resource_group_name refers to azurerm_resource_group.this, which changes it",
		"azurerm_network_security_group.app is replaced too: its resource_group_name refers to azurerm_resource_group.this, which changes it",
		`azurerm_resource_group.this.name changes from "rg-app" to "rg-app-2", which replaces it`,
	})
}

// A key vault with purge protection, deleted, keeps its name soft-deleted;
// replaced under its name, the new one cannot take it. Without purge
// protection (azurerm purges on destroy), or under a new name, neither.
func TestReplacementsKeyVaultNameHeld(t *testing.T) {
	vault := func(name, rg, purge string) map[string][]byte {
		return map[string][]byte{"main.tf": fmt.Appendf(nil, "resource \"azurerm_key_vault\" \"kv\" {\n  name                     = %q\n  resource_group_name      = %q\n  location                 = \"westeurope\"\n  purge_protection_enabled = %s\n}\n", name, rg, purge)}
	}
	none := map[string][]byte{"main.tf": nil}
	const held = "; with purge protection, the old one stays soft-deleted under its name for its soft_delete_retention_days, and azurerm tries to recover it, secrets and all, instead of creating a new one"
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    string
	}{
		{"replaced under its name", vault("kv-app", "rg-a", "true"), vault("kv-app", "rg-b", "true"), held},
		{"deleted", vault("kv-app", "rg-a", "true"), none, "azurerm_key_vault.kv is deleted; with purge protection, it stays soft-deleted under its name for its soft_delete_retention_days, which no other vault may take meanwhile"},
		{"renamed", vault("kv-app", "rg-a", "true"), vault("kv-app2", "rg-a", "true"), ""},
		{"without purge protection", vault("kv-app", "rg-a", "false"), vault("kv-app", "rg-b", "false"), ""},
		{"purge protection through a variable", withPP(vault("kv-app", "rg-a", "var.pp")), withPP(vault("kv-app", "rg-b", "var.pp")), held},
		{"moved to another location", vault("kv-app", "rg-a", "true"), moved(vault("kv-app", "rg-a", "true")), "; with purge protection, the old one stays soft-deleted under its name for its soft_delete_retention_days, and azurerm looks for it in the new location only, so the apply fails there"},
	} {
		got, err := Replacements(c.was, c.is)
		if err != nil || len(got) == 0 {
			t.Fatalf("%s: %v, %v", c.name, got, err)
		}
		line := Strings(got)[0]
		if c.want == "" && strings.Contains(line, "soft-deleted") || c.want != "" && !strings.Contains(line, c.want) {
			t.Errorf("%s: %q; want %q", c.name, line, c.want)
		}
	}
}

// moved is files with the vault in North Europe.
func moved(files map[string][]byte) map[string][]byte {
	files["main.tf"] = bytes.Replace(files["main.tf"], []byte(`"westeurope"`), []byte(`"northeurope"`), 1)
	return files
}

// withPP adds a variable pp, true by default, to files.
func withPP(files map[string][]byte) map[string][]byte {
	files["variables.tf"] = []byte("variable \"pp\" {\n  default = true\n}\n")
	return files
}

// A kept instance of a for_each resource keeps its each.key: a value
// changed replaces what reads each.value, not what reads each.key.
func TestReplacementsEachKey(t *testing.T) {
	root := func(zone string) map[string][]byte {
		return map[string][]byte{"main.tf": fmt.Appendf(nil, `resource "azurerm_private_endpoint" "pe" {
  for_each            = { blob = %q }
  name                = "pe-${each.key}"
  resource_group_name = "rg-app"
  location            = "westeurope"
  subnet_id           = each.value
}
`, zone)}
	}
	checkReplacements(t, "a value changed", root("/s/1"), root("/s/2"), []string{
		"azurerm_private_endpoint.pe is replaced too: its subnet_id refers to each.value, which changes it"})
}
