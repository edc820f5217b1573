package generator

import (
	"maps"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/tfschema"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// These tests hold the Azure rules an example's golden shows but does not
// state: each generates a small manifest and asserts the value Azure
// requires, for the input that broke and its neighbours.

// module is a generated module: its .tf files by name.
type module map[string]*hclwrite.File

// generate builds the module of a manifest given as YAML, failing on any
// error, and checks it against the provider schema of its major.
func generate(t *testing.T, src string) module {
	t.Helper()
	files, diags := Generate([]byte(src), "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatalf("generate: %s", diags.Error())
	}
	major := "5"
	if strings.Contains(src, `provider: "4"`) {
		major = "4"
	}
	schema, err := tfschema.Load(schemaFiles[major])
	if err != nil {
		t.Fatal(err)
	}
	m := module{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".tf") {
			continue
		}
		if d := schema.CheckFile(f.Name, f.Bytes); len(d) > 0 {
			t.Errorf("azurerm %s schema: %s", major, d.Error())
		}
		parsed, diags := hclwrite.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		m[f.Name] = parsed
	}
	return m
}

// block finds the block "type.label…" (a resource address like
// azurerm_subnet.snet_a, or "lifecycle" inside one) in any file.
func (m module) block(t *testing.T, addr string) *hclwrite.Body {
	t.Helper()
	parts := strings.Split(addr, ".")
	for _, f := range m {
		for _, b := range f.Body().Blocks() {
			if b.Type() == "resource" && len(b.Labels()) == 2 && b.Labels()[0] == parts[0] && b.Labels()[1] == parts[1] {
				body := b.Body()
				for _, nested := range parts[2:] {
					nb := body.FirstMatchingBlock(nested, nil)
					if nb == nil {
						t.Fatalf("%s has no %s block", addr, nested)
					}
					body = nb.Body()
				}
				return body
			}
		}
	}
	t.Fatalf("no resource %s", addr)
	return nil
}

// removed maps each removed block's from to its lifecycle's destroy.
func (m module) removed() map[string]string {
	out := map[string]string{}
	for _, f := range m {
		for _, b := range f.Body().Blocks() {
			if b.Type() != "removed" {
				continue
			}
			from := strings.TrimSpace(string(b.Body().GetAttribute("from").Expr().BuildTokens(nil).Bytes()))
			destroy := ""
			if lc := b.Body().FirstMatchingBlock("lifecycle", nil); lc != nil && lc.Body().GetAttribute("destroy") != nil {
				destroy = strings.TrimSpace(string(lc.Body().GetAttribute("destroy").Expr().BuildTokens(nil).Bytes()))
			}
			out[from] = destroy
		}
	}
	return out
}

// has reports whether the module holds the resource.
func (m module) has(addr string) bool {
	parts := strings.Split(addr, ".")
	for _, f := range m {
		for _, b := range f.Body().Blocks() {
			if b.Type() == "resource" && len(b.Labels()) == 2 && b.Labels()[0] == parts[0] && b.Labels()[1] == parts[1] {
				return true
			}
		}
	}
	return false
}

// attr is the source text of an attribute of the block at addr ("" when it
// is not set).
func (m module) attr(t *testing.T, addr, name string) string {
	t.Helper()
	a := m.block(t, addr).GetAttribute(name)
	if a == nil {
		return ""
	}
	return strings.TrimSpace(string(a.Expr().BuildTokens(nil).Bytes()))
}

func wantAttr(t *testing.T, m module, addr, name, want string) {
	t.Helper()
	if got := m.attr(t, addr, name); got != want {
		t.Errorf("%s.%s = %q, want %q", addr, name, got, want)
	}
}

const peHead = `apiVersion: endpointgen/v1
name: rules
location: westeurope
pattern: private-endpoint
`

const seHead = `apiVersion: endpointgen/v1
name: rules
location: westeurope
pattern: service-endpoint
`

// Only the API for NoSQL can turn account keys off; every account turns off
// metadata writes with keys, and an account has one API.
func TestCosmosAPIRules(t *testing.T) {
	for _, tc := range []struct {
		subs, kind, capability, localAuth string
	}{
		{"[Sql]", `"GlobalDocumentDB"`, "", "false"},
		{"[MongoDB]", `"MongoDB"`, `"EnableMongo"`, "true"},
		{"[Cassandra]", `"GlobalDocumentDB"`, `"EnableCassandra"`, "true"},
		{"[Gremlin, Sql]", `"GlobalDocumentDB"`, `"EnableGremlin"`, "true"},
		{"[Sql, Table]", `"GlobalDocumentDB"`, `"EnableTable"`, "true"},
	} {
		t.Run(tc.subs, func(t *testing.T) {
			m := generate(t, peHead+"services:\n  - type: cosmosdb\n    name: cosmos-rules\n    subresources: "+tc.subs+"\n")
			const addr = "azurerm_cosmosdb_account.cosmos_rules"
			wantAttr(t, m, addr, "kind", tc.kind)
			wantAttr(t, m, addr, "local_authentication_enabled", tc.localAuth)
			wantAttr(t, m, addr, "access_key_metadata_writes_enabled", "false")
			caps := m.block(t, addr).Blocks()
			var got []string
			for _, b := range caps {
				if b.Type() == "capabilities" {
					got = append(got, strings.TrimSpace(string(b.Body().GetAttribute("name").Expr().BuildTokens(nil).Bytes())))
				}
			}
			if want := tc.capability; (want == "" && len(got) != 0) || (want != "" && (len(got) != 1 || got[0] != want)) {
				t.Errorf("capabilities %v, want %q only", got, want)
			}
			// A MongoDB account pins a 3.6+ server version, the ones whose
			// host the privatelink.mongo zone answers for; no other API has one.
			if tc.kind == `"MongoDB"` {
				wantAttr(t, m, addr, "mongo_server_version", `"7.0"`)
			} else if m.block(t, addr).GetAttribute("mongo_server_version") != nil {
				t.Error("mongo_server_version on an account of another API")
			}
		})
	}
	for _, subs := range []string{"[MongoDB, Cassandra]", "[Sql, MongoDB]", "[Cassandra, Sql]", "[Gremlin, Table]"} {
		_, diags := Generate([]byte(peHead+"services:\n  - type: cosmosdb\n    name: cosmos-rules\n    subresources: "+subs+"\n"), "m.yaml", Options{})
		if !diags.HasErrors() || !strings.Contains(diags.Error(), "One API per Cosmos DB account") {
			t.Errorf("%s: want the one-API error, got %v", subs, diags)
		}
	}
}

// The SCM (Kudu) site denies by default and inherits the main site's rules,
// in both patterns.
func TestWebAppSCMSite(t *testing.T) {
	for _, head := range []string{peHead, seHead} {
		m := generate(t, head+"services:\n  - type: web_app\n    name: app-rules\n")
		const sc = "azurerm_linux_web_app.app_rules.site_config"
		wantAttr(t, m, sc, "ip_restriction_default_action", `"Deny"`)
		wantAttr(t, m, sc, "scm_ip_restriction_default_action", `"Deny"`)
		wantAttr(t, m, sc, "scm_use_main_ip_restriction", "true")
	}
}

// A private-endpoint registry allows no export; Azure takes it only with
// public network access off.
func TestRegistryExportPolicy(t *testing.T) {
	m := generate(t, peHead+"services:\n  - type: container_registry\n    name: crrules01\n")
	wantAttr(t, m, "azurerm_container_registry.crrules01", "public_network_access_enabled", "false")
	wantAttr(t, m, "azurerm_container_registry.crrules01", "export_policy_enabled", "false")
}

// dfs turns the hierarchical namespace on (it is fixed at creation), in both
// patterns; without dfs it stays off unless asked for.
func TestStorageHNS(t *testing.T) {
	for _, tc := range []struct{ head, extra, want string }{
		{peHead, "    subresources: [blob, dfs]\n", "true"},
		{peHead, "    subresources: [dfs]\n", "true"},
		{peHead, "    subresources: [blob, file]\n", ""},
		{peHead, "    is_hns_enabled: true\n", "true"},
		{peHead, "    is_hns_enabled: false\n", ""},
		{seHead, "", ""},
	} {
		m := generate(t, tc.head+"services:\n  - type: storage\n    name: strules01\n"+tc.extra)
		wantAttr(t, m, "azurerm_storage_account.strules01", "is_hns_enabled", tc.want)
	}
}

// A new MySQL flexible server gets 8.4, the newest version both azurerm
// majors accept, not the old 8.0.21 minor.
func TestMySQLVersion(t *testing.T) {
	for _, provider := range []string{`"4"`, `"5"`} {
		m := generate(t, peHead+"provider: "+provider+"\nservices:\n  - type: mysql_flexible\n    name: mysql-rules-01\n")
		wantAttr(t, m, "azurerm_mysql_flexible_server.mysql_rules_01", "version", `"8.4"`)
	}
}

// An OpenAI account registers only in the openai zone, an AIServices account
// in three; the private endpoint's zone group names exactly those.
func TestCognitiveZonesFollowKind(t *testing.T) {
	for _, tc := range []struct{ kind, zones string }{
		{"OpenAI", "[azurerm_private_dns_zone.openai_azure_com.id]"},
		{"AIServices", "[azurerm_private_dns_zone.cognitiveservices_azure_com.id, azurerm_private_dns_zone.openai_azure_com.id, azurerm_private_dns_zone.services_ai_azure_com.id]"},
		{"TextAnalytics", "[azurerm_private_dns_zone.cognitiveservices_azure_com.id]"},
	} {
		m := generate(t, peHead+"services:\n  - type: cognitive_account\n    name: ai-rules-01\n    kind: "+tc.kind+"\n")
		wantAttr(t, m, "azurerm_private_endpoint.ai_rules_01_account.private_dns_zone_group", "private_dns_zone_ids", tc.zones)
	}
}

// Every subnet the module creates is private (no default outbound access)
// and has a network security group: on azurerm 5 inline, in the request that
// creates the subnet, so a "deny subnets without an NSG" policy passes (and
// the module needs Terraform 1.11 for the write-only argument); on azurerm 4
// through an association. Existing subnets are left alone.
func TestSubnetNSGAndPrivateSubnet(t *testing.T) {
	const subnet, nsg, assoc = "azurerm_subnet.snet_rules", "azurerm_network_security_group.snet_rules", "azurerm_subnet_network_security_group_association.snet_rules"
	for _, head := range []string{peHead, seHead} {
		m5 := generate(t, head+"provider: \"5\"\nservices:\n  - type: key_vault\n    name: kv-rules-01\n")
		wantAttr(t, m5, subnet, "default_outbound_access_enabled", "false")
		wantAttr(t, m5, subnet, "network_security_group_id_wo", nsg+".id")
		// The version follows the group's ID (TestPlanNSGReplaced), and a
		// replaced group is created before the old one is deleted: Azure
		// refuses to delete a group a subnet still uses.
		wantAttr(t, m5, subnet, "network_security_group_id_wo_version", "parseint(substr(sha256("+nsg+".id), 0, 7), 16) + 1")
		wantAttr(t, m5, nsg+".lifecycle", "create_before_destroy", "true")
		wantAttr(t, m5, nsg, "location", "azurerm_resource_group.this.location")
		if m5.has(assoc) {
			t.Error("azurerm 5: an association besides the inline NSG would remove it on destroy")
		}
		if !strings.Contains(string(m5["versions.tf"].Bytes()), `required_version = ">= 1.11"`) {
			t.Error("azurerm 5 with a created subnet must require Terraform 1.11 (write-only argument)")
		}

		m4 := generate(t, head+"provider: \"4\"\nservices:\n  - type: key_vault\n    name: kv-rules-01\n")
		wantAttr(t, m4, subnet, "default_outbound_access_enabled", "false")
		wantAttr(t, m4, subnet, "network_security_group_id_wo", "")
		wantAttr(t, m4, assoc, "subnet_id", subnet+".id")
		wantAttr(t, m4, assoc, "network_security_group_id", nsg+".id")
		// azurerm 4 replaces the association with the group, deleting it
		// first: the old group is free to go before the new one exists.
		if m4.block(t, nsg).FirstMatchingBlock("lifecycle", nil) != nil {
			t.Error("azurerm 4: the group needs no create_before_destroy (a location change would collide on its name)")
		}
		// Moved to azurerm 5, the association azurerm 4 made is forgotten,
		// not destroyed: its delete takes the group off the subnet before
		// the subnet's update puts it back.
		if got, want := m5.removed(), map[string]string{assoc: "false"}; !maps.Equal(got, want) {
			t.Errorf("azurerm 5 removed blocks: %v, want %v", got, want)
		}
		if got := m4.removed(); len(got) > 0 {
			t.Errorf("azurerm 4 removed blocks: %v, want none", got)
		}
	}
	// One for each subnet created, named as azurerm 4 names its association.
	twoSubnets := "network:\n  subnets:\n    - name: snet-app\n      address_prefixes: [10.0.1.0/24]\n      roles: [workload]\n" +
		"    - name: snet-pe\n      address_prefixes: [10.0.2.0/24]\n      roles: [endpoints]\nservices:\n  - type: key_vault\n    name: kv-rules-01\n"
	m4 := generate(t, peHead+"provider: \"4\"\n"+twoSubnets)
	want := map[string]string{}
	for _, f := range m4 {
		for _, b := range f.Body().Blocks() {
			if b.Type() == "resource" && b.Labels()[0] == "azurerm_subnet_network_security_group_association" {
				want[strings.Join(b.Labels(), ".")] = "false"
			}
		}
	}
	if got := generate(t, peHead+"provider: \"5\"\n"+twoSubnets).removed(); len(want) != 2 || !maps.Equal(got, want) {
		t.Errorf("azurerm 5 removed blocks: %v, want %v (azurerm 4's associations)", got, want)
	}

	// An existing subnet (and one in an existing VNet) keeps its own NSG.
	m := generate(t, peHead+"network:\n  vnet:\n    name: vnet-hub\n    existing: true\n  subnet:\n    name: snet-rules\n    existing: true\nservices:\n  - type: key_vault\n    name: kv-rules-01\n")
	if m.has(nsg) || m.has(subnet) || m.has(assoc) {
		t.Error("an existing subnet must not get an NSG from this module")
	}
	if !strings.Contains(string(m["versions.tf"].Bytes()), `required_version = ">= 1.9"`) {
		t.Error("no created subnet, no write-only argument: Terraform 1.9 suffices")
	}
	// A new subnet in an existing VNet: the NSG goes to the VNet's region.
	m = generate(t, peHead+"network:\n  vnet:\n    name: vnet-hub\n    existing: true\n  subnet:\n    name: snet-rules\n    address_prefixes: [10.0.1.0/24]\nservices:\n  - type: key_vault\n    name: kv-rules-01\n")
	wantAttr(t, m, nsg, "location", "data.azurerm_virtual_network.this.location")
}

// ignore_tag_changes reaches every resource that takes tags, merged into a
// lifecycle block the resource already has.
func TestIgnoreTagChanges(t *testing.T) {
	m := generate(t, peHead+"services:\n  - type: storage\n    name: strules01\n  - type: mysql_flexible\n    name: mysql-rules-01\ndns:\n  mode: policy\nignore_tag_changes: [createdOn, costCenter]\n")
	tags := `tags["createdOn"], tags["costCenter"]`
	for addr, want := range map[string]string{
		"azurerm_resource_group.this":                         "[" + tags + "]",
		"azurerm_network_security_group.snet_rules":           "[" + tags + "]",
		"azurerm_storage_account.strules01":                   "[" + tags + "]",
		"azurerm_mysql_flexible_server.mysql_rules_01":        "[zone, " + tags + "]",
		"azurerm_private_endpoint.strules01_blob":             "[private_dns_zone_group, " + tags + "]",
		"azurerm_private_endpoint.mysql_rules_01_mysqlserver": "[private_dns_zone_group, " + tags + "]",
	} {
		wantAttr(t, m, addr+".lifecycle", "ignore_changes", want)
	}
	// The subnet takes no tags: no lifecycle block.
	if m.block(t, "azurerm_subnet.snet_rules").FirstMatchingBlock("lifecycle", nil) != nil {
		t.Error("azurerm_subnet takes no tags and needs no lifecycle block")
	}
	_, diags := Generate([]byte(peHead+"services:\n  - type: storage\n    name: strules01\ntags:\n  createdOn: today\nignore_tag_changes: [CreatedOn]\n"), "m.yaml", Options{})
	if diags.HasErrors() || len(diags) != 1 || diags[0].Summary != "Tag both set and ignored" {
		t.Errorf("want one warning for a tag both set and ignored, got %v", diags)
	}
}

// A SQL server restricts its outbound connections unless the manifest opts
// out; a firewall that admits 10 addresses or more gets a warning.
func TestSQLOutboundAndFirewallSize(t *testing.T) {
	const addr = "azurerm_mssql_server.sql_rules_01"
	m := generate(t, peHead+"services:\n  - type: sql_server\n    name: sql-rules-01\n")
	wantAttr(t, m, addr, "outbound_network_restriction_enabled", "true")
	m = generate(t, seHead+"services:\n  - type: sql_server\n    name: sql-rules-01\n    outbound_network_restriction_enabled: false\n")
	wantAttr(t, m, addr, "outbound_network_restriction_enabled", "false")

	for ranges, warn := range map[string]bool{
		"[203.0.113.7]":                     false,
		"[203.0.113.8/29]":                  false, // 8 addresses
		"[203.0.113.1, 203.0.113.2]":        false,
		"[203.0.113.8/29, 198.51.100.6/31]": true, // 8, and 2 written as two addresses: 10
		"[203.0.113.0/28]":                  true, // 16
		"[203.0.113.8/29, 198.51.100.0/30]": true, // 12
	} {
		_, diags := Generate([]byte(seHead+"services:\n  - type: sql_server\n    name: sql-rules-01\n    allowed_ip_ranges: "+ranges+"\n"), "m.yaml", Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %s", ranges, diags.Error())
		}
		got := strings.Contains(diags.Error(), "Wide SQL firewall")
		if got != warn {
			t.Errorf("%s: wide-firewall warning %v, want %v (%s)", ranges, got, warn, diags.Error())
		}
	}
}

// A MySQL flexible server gets a user-assigned identity and a Microsoft
// Entra administrator through it, in both majors.
func TestMySQLEntraAdministrator(t *testing.T) {
	for _, provider := range []string{`"4"`, `"5"`} {
		m := generate(t, peHead+"provider: "+provider+"\nservices:\n  - type: mysql_flexible\n    name: mysql-rules-01\n")
		const server, id = "azurerm_mysql_flexible_server.mysql_rules_01", "azurerm_user_assigned_identity.mysql_rules_01"
		wantAttr(t, m, server+".identity", "type", `"UserAssigned"`)
		wantAttr(t, m, server+".identity", "identity_ids", "["+id+".id]")
		const admin = "azurerm_mysql_flexible_server_active_directory_administrator.mysql_rules_01"
		wantAttr(t, m, admin, "server_id", server+".id")
		wantAttr(t, m, admin, "identity_id", id+".id")
		wantAttr(t, m, admin, "tenant_id", "data.azurerm_client_config.current.tenant_id")
		wantAttr(t, m, admin, "object_id", "var.mysql_flexible_mysql_rules_01_entra_admin_object_id")
	}
}

// TestCosmosHostsFollowTheAPI: an endpoint's host output is the host its
// private DNS zone answers for: the account endpoint for NoSQL (and Gremlin
// and Table accounts, which answer there too), NAME.mongo…, NAME.cassandra…
// for the others, in the workload's cloud.
func TestCosmosHostsFollowTheAPI(t *testing.T) {
	for _, tc := range []struct{ head, subs, output, want string }{
		{peHead, "[Sql]", "cosmosdb_cosmos_rules_sql_endpoint", "azurerm_cosmosdb_account.cosmos_rules.endpoint"},
		{peHead, "[MongoDB]", "cosmosdb_cosmos_rules_mongodb_endpoint", `"cosmos-rules.mongo.cosmos.azure.com"`},
		{peHead, "[Cassandra]", "cosmosdb_cosmos_rules_cassandra_endpoint", `"cosmos-rules.cassandra.cosmos.azure.com"`},
		{peHead, "[Gremlin, Sql]", "cosmosdb_cosmos_rules_gremlin_endpoint", `"cosmos-rules.gremlin.cosmos.azure.com"`},
		{peHead, "[Gremlin, Sql]", "cosmosdb_cosmos_rules_sql_endpoint", "azurerm_cosmosdb_account.cosmos_rules.endpoint"},
		{strings.Replace(peHead, "location: westeurope", "location: usgovvirginia\ncloud: usgovernment", 1), "[Table]", "cosmosdb_cosmos_rules_table_endpoint", `"cosmos-rules.table.cosmos.azure.us"`},
	} {
		m := generate(t, tc.head+"services:\n  - type: cosmosdb\n    name: cosmos-rules\n    subresources: "+tc.subs+"\n")
		got := "(no such output)"
		for _, b := range m["outputs.tf"].Body().Blocks() {
			if b.Type() == "output" && b.Labels()[0] == tc.output {
				got = strings.TrimSpace(string(b.Body().GetAttribute("value").Expr().BuildTokens(nil).Bytes()))
			}
		}
		if got != tc.want {
			t.Errorf("%s %s: %s = %s, want %s", tc.head[strings.Index(tc.head, "location"):], tc.subs, tc.output, got, tc.want)
		}
	}
}
