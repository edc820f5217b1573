package azurerm

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

const providerSource = "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/"

// forceNew lists, for each resource type a migration must keep, the
// arguments whose change makes Terraform replace it (ForceNew in the
// provider's schema, location and resource_group_name through commonschema);
// a nested block's argument is "block.argument", a whole block its name.
// Replacing any of these resources mid-migration is an outage, for a service
// a loss of its data: a new account, vault, server or namespace is empty, a
// new subnet or endpoint has a new address. Each list comes from the
// provider source named in forceNewSources (the same arguments in v4.81.0 and
// v5.x unless a comment says otherwise); replaceIf adds the CustomizeDiff
// cases that replace on some changes only.
var forceNew = map[string][]string{
	// account_kind, account_replication_type and large_file_share_enabled
	// force replacement on some changes only (replaceIf).
	"azurerm_storage_account": {"name", "resource_group_name", "location", "account_tier",
		"is_hns_enabled", "infrastructure_encryption_enabled", "nfsv3_enabled",
		"queue_encryption_key_type", "table_encryption_key_type", "edge_zone",
		"dns_endpoint_type", "provisioned_billing_model_version", "immutability_policy"},
	"azurerm_key_vault": {"name", "resource_group_name", "location"},
	// managed_hsm_key_id too in v4.81.0 (removed in 5.0); endpointgen sets
	// neither key.
	"azurerm_cosmosdb_account": {"name", "resource_group_name", "location", "kind", "create_mode", "free_tier_enabled",
		"key_vault_key_id", "restore"},
	"azurerm_mssql_server": {"name", "resource_group_name", "location", "version", "administrator_login"},
	"azurerm_postgresql_flexible_server": {"name", "resource_group_name", "location", "delegated_subnet_id",
		"point_in_time_restore_time_in_utc", "source_server_id", "geo_redundant_backup_enabled", "customer_managed_key",
		"cluster"},
	"azurerm_mysql_flexible_server": {"name", "resource_group_name", "location", "administrator_login", "create_mode",
		"delegated_subnet_id", "geo_redundant_backup_enabled", "point_in_time_restore_time_in_utc", "private_dns_zone_id",
		"source_server_id"},
	"azurerm_servicebus_namespace": {"name", "resource_group_name", "location", "premium_messaging_partitions",
		"customer_managed_key.infrastructure_encryption_enabled"},
	"azurerm_eventhub_namespace": {"name", "resource_group_name", "location", "dedicated_cluster_id"},
	"azurerm_cognitive_account": {"name", "resource_group_name", "location", "metrics_advisor_aad_client_id",
		"metrics_advisor_aad_tenant_id", "metrics_advisor_super_user_name", "metrics_advisor_website_name"},
	"azurerm_container_registry":     {"name", "resource_group_name", "location", "zone_redundancy_enabled"},
	"azurerm_linux_web_app":          {"name", "resource_group_name", "location"},
	"azurerm_service_plan":           {"name", "resource_group_name", "location", "os_type"},
	"azurerm_user_assigned_identity": {"name", "resource_group_name", "location"},
	"azurerm_resource_group":         {"name", "location"},
	"azurerm_network_security_group": {"name", "resource_group_name", "location"},
	"azurerm_subnet":                 {"name", "resource_group_name", "virtual_network_name"},
	"azurerm_virtual_network":        {"name", "resource_group_name", "location", "edge_zone"},
	PrivateEndpointType: {"name", "resource_group_name", "location", "subnet_id", "custom_network_interface_name", "edge_zone",
		"private_service_connection.name", "private_service_connection.is_manual_connection",
		"private_service_connection.private_connection_resource_id",
		"private_service_connection.private_connection_resource_alias",
		"private_service_connection.subresource_names"},
	PrivateDNSZoneType: {"name", "resource_group_name", "soa_record"},
	ZoneLinkType:       {"name", "resource_group_name", "private_dns_zone_name", "private_dns_zone_id", "virtual_network_id"},
}

// forceNewDefaults are the schema defaults (Default:) of the arguments in
// forceNew that have one, the same in v4.81.0 and 5.x: an argument left
// out plans them, so writing one out (a hand-written root's
// is_hns_enabled = false) changes nothing. From the files of
// forceNewSources.
var forceNewDefaults = map[string]map[string]cty.Value{
	"azurerm_storage_account": {
		"is_hns_enabled": cty.False, "infrastructure_encryption_enabled": cty.False, "nfsv3_enabled": cty.False,
		"queue_encryption_key_type": cty.StringVal("Service"), "table_encryption_key_type": cty.StringVal("Service"),
		"dns_endpoint_type": cty.StringVal("Standard"),
	},
	"azurerm_cosmosdb_account":           {"free_tier_enabled": cty.False, "kind": cty.StringVal("GlobalDocumentDB")},
	"azurerm_postgresql_flexible_server": {"geo_redundant_backup_enabled": cty.False},
	"azurerm_mysql_flexible_server":      {"geo_redundant_backup_enabled": cty.False},
	"azurerm_servicebus_namespace":       {"premium_messaging_partitions": cty.Zero},
	"azurerm_container_registry":         {"zone_redundancy_enabled": cty.False},
}

// caseInsensitive are the arguments in forceNew whose schema suppresses a
// change of letter case (azure.SchemaResourceGroupNameDiffSuppress:
// suppress.CaseDifference, in v4.81.0 and 5.x): "RG-App" for "rg-app"
// plans no change.
var caseInsensitive = map[string]map[string]bool{
	PrivateEndpointType: {"resource_group_name": true},
	PrivateDNSZoneType:  {"resource_group_name": true},
	// azurerm 4 (CaseDifference on name too); azurerm 5's link has
	// neither argument.
	ZoneLinkType: {"name": true, "resource_group_name": true},
}

// keptWhenLeftOut are the arguments in forceNew that are Optional and
// Computed (v4.81.0 and 5.x): left out, they keep the value they have, so
// Terraform plans no change.
var keptWhenLeftOut = map[string]map[string]bool{
	"azurerm_mysql_flexible_server": {"administrator_login": true},
	"azurerm_mssql_server":          {"administrator_login": true},
	"azurerm_cosmosdb_account":      {"create_mode": true},
	PrivateDNSZoneType:              {"soa_record": true},
}

// equivalent reports whether two value keys (config.value) of the
// argument arg of a resource of type typ plan one value: equal, or equal
// but for letter case where the schema suppresses it, or for a location,
// whose schema (commonschema.Location) compares names lower-cased and
// without spaces ("West Europe" is westeurope).
func equivalent(typ, arg, was, is string) bool {
	switch {
	case was == is:
		return true
	case caseInsensitive[typ][arg]:
		return strings.EqualFold(was, is)
	case arg == "location" && strings.HasPrefix(was, literalString) && strings.HasPrefix(is, literalString):
		return normalLocation(was) == normalLocation(is)
	}
	return false
}

// literalString starts the key of a string literal (cty's GoString).
const literalString = "cty.StringVal("

func normalLocation(key string) string { return strings.ReplaceAll(strings.ToLower(key), " ", "") }

// isDefault reports whether b, in c, sets arg to its provider default: a
// literal of that value (or one Terraform converts to it: "false"), or a
// reference to a local or variable default that holds one.
func (c *config) isDefault(b block, arg string) bool {
	d, ok := forceNewDefaults[b.Labels[0]][arg]
	if !ok {
		return false
	}
	_, a := attribute(b, arg)
	return a != nil && c.value(a.Expr, b.src) == valueKey(d)
}

// forceNewSources names the provider file of each list, for messages.
var forceNewSources = map[string]string{
	"azurerm_storage_account":            "storage/storage_account_resource.go",
	"azurerm_key_vault":                  "keyvault/key_vault_resource.go",
	"azurerm_cosmosdb_account":           "cosmos/cosmosdb_account_resource.go",
	"azurerm_mssql_server":               "mssql/mssql_server_resource.go",
	"azurerm_postgresql_flexible_server": "postgres/postgresql_flexible_server_resource.go",
	"azurerm_mysql_flexible_server":      "mysql/mysql_flexible_server_resource.go",
	"azurerm_servicebus_namespace":       "servicebus/servicebus_namespace_resource.go",
	"azurerm_eventhub_namespace":         "eventhub/eventhub_namespace_resource.go",
	"azurerm_cognitive_account":          "cognitive/cognitive_account_resource.go",
	"azurerm_container_registry":         "containers/container_registry_resource.go",
	"azurerm_linux_web_app":              "appservice/linux_web_app_resource.go",
	"azurerm_service_plan":               "appservice/service_plan_resource.go",
	"azurerm_user_assigned_identity":     "managedidentity/user_assigned_identity_resource.go",
	"azurerm_resource_group":             "resource/resource_group_resource.go",
	"azurerm_network_security_group":     "network/network_security_group_resource.go",
	"azurerm_subnet":                     "network/subnet_resource.go",
	"azurerm_virtual_network":            "network/virtual_network_resource.go",
	PrivateEndpointType:                  "network/private_endpoint_resource.go",
	PrivateDNSZoneType:                   "privatedns/private_dns_zone_resource.go",
	ZoneLinkType:                         "privatedns/private_dns_zone_virtual_network_link_resource.go",
}

// replaceIf holds, per resource type, the arguments whose change replaces
// the resource only when it is of a kind the provider's CustomizeDiff names
// (ForceNewIf, ForceNewIfChange, ResourceDiff.ForceNew), each a test of the
// change. A value the test cannot read (an expression, not a literal)
// counts as a replacement: refusing is safer than replacing.
var replaceIf = map[string]map[string]func(before, after block) (replaces bool){
	// storage/storage_account_resource.go, CustomizeDiff.
	"azurerm_storage_account": {
		// Between the locally or geo-redundant kinds (LRS, GRS, RAGRS)
		// and the zone-redundant ones (ZRS, GZRS, RAGZRS) only; LRS to
		// GRS is a change in place (ForceNewIfChange).
		"account_replication_type": literalChange("account_replication_type", func(was, is cty.Value) bool {
			zoned := func(v cty.Value) (bool, bool) {
				switch {
				case stringIs(v, "LRS"), stringIs(v, "GRS"), stringIs(v, "RAGRS"):
					return false, true
				case stringIs(v, "ZRS"), stringIs(v, "GZRS"), stringIs(v, "RAGZRS"):
					return true, true
				}
				return false, false
			}
			wasZoned, wasKnown := zoned(was)
			isZoned, isKnown := zoned(is)
			return !wasKnown || !isKnown || wasZoned != isZoned
		}),
		// Unless from Storage or to StorageV2, the default (an upgrade).
		"account_kind": literalChange("account_kind", func(was, is cty.Value) bool {
			from := !was.IsNull() && stringIs(was, "Storage")
			to := is.IsNull() || stringIs(is, "StorageV2")
			return !from && !to
		}),
		// It cannot be turned off once on.
		"large_file_share_enabled": literalChange("large_file_share_enabled", func(was, is cty.Value) bool {
			return boolIs(was, true) && !boolIs(is, true)
		}),
	},
	"azurerm_cosmosdb_account": {
		"capabilities": cosmosCapabilitiesReplace,
		// Only from Continuous to Periodic.
		"backup.type": literalChange("backup.type", func(was, is cty.Value) bool {
			return stringIs(was, "Continuous") && !stringIs(is, "Continuous")
		}),
		// It cannot be turned off once on.
		"analytical_storage_enabled": literalChange("analytical_storage_enabled", func(was, is cty.Value) bool {
			return boolIs(was, true) && !boolIs(is, true)
		}),
	},
	"azurerm_postgresql_flexible_server": {
		// A downgrade; an upgrade is in place.
		"version":    literalChange("version", numberDecreases),
		"storage_mb": literalChange("storage_mb", numberDecreases),
		// Any change once set; left out (Optional and Computed), it keeps
		// the value it has.
		"administrator_login": literalChange("administrator_login", func(was, is cty.Value) bool { return !was.IsNull() && !is.IsNull() }),
	},
	"azurerm_mysql_flexible_server": {
		"storage.size_gb": literalChange("storage.size_gb", numberDecreases),
	},
	// A namespace moves neither to nor from Premium.
	"azurerm_servicebus_namespace": {"sku": literalChange("sku", premiumEitherSide)},
	"azurerm_eventhub_namespace":   {"sku": literalChange("sku", premiumEitherSide)},
	"azurerm_cognitive_account": {
		// Only OpenAI and AIServices change into each other in place.
		"kind": literalChange("kind", func(was, is cty.Value) bool {
			inPlace := func(v cty.Value) bool { return stringIs(v, "OpenAI") || stringIs(v, "AIServices") }
			return !inPlace(was) || !inPlace(is)
		}),
		// Any change once set.
		"custom_subdomain_name": literalChange("custom_subdomain_name", func(was, _ cty.Value) bool { return !was.IsNull() && !stringIs(was, "") }),
	},
	"azurerm_service_plan": {
		// Turned on with fewer than two workers.
		"zone_balancing_enabled": func(before, after block) bool {
			workers, ok := literal(after, "worker_count")
			few := !ok || workers.IsNull() || workers.Type() != cty.Number || workers.LessThan(cty.NumberIntVal(2)).True()
			return literalChange("zone_balancing_enabled", func(was, is cty.Value) bool {
				return !boolIs(was, true) && boolIs(is, true) && few
			})(before, after)
		},
	},
}

// cosmosCapabilitiesReplace applies checkCapabilitiesCanBeUpdated
// (cosmos/cosmosdb_account_resource.go, the same in v4.81.0): a capability
// added must be supported by the account's kind and be one Azure adds to an
// existing account; one removed must be one Azure removes. The set is every
// capabilities block's name. Left out of the configuration, capabilities
// (Optional and Computed) keep what the account has: no change.
func cosmosCapabilitiesReplace(before, after block) bool {
	was, is := capabilityNames(before), capabilityNames(after)
	if is == nil {
		return false
	}
	kind := "GlobalDocumentDB" // the default of kind
	if v, ok := literal(after, "kind"); !ok {
		return true
	} else if !v.IsNull() && v.Type() == cty.String {
		kind = v.AsString()
	}
	for name := range is {
		_, addable := cosmosCapabilitiesAddable[name]
		if !was[name] && !(slices.Contains(cosmosCapabilityKinds[name], strings.ToLower(kind)) && addable) {
			return true
		}
	}
	for name := range was {
		if _, removable := cosmosCapabilitiesRemovable[name]; !is[name] && !removable {
			return true
		}
	}
	return false
}

// capabilityNames is the lower-cased name of each capabilities block, an
// expression's text for a name that is not a literal (which no table
// knows); nil without blocks.
func capabilityNames(b block) map[string]bool {
	var names map[string]bool
	for _, n := range b.Body.Blocks {
		if n.Type != "capabilities" {
			continue
		}
		if names == nil {
			names = map[string]bool{}
		}
		capability := block{&hclsyntax.Block{Body: n.Body}, b.src}
		key, _ := argText(capability, "name")
		if v, ok := literal(capability, "name"); ok && !v.IsNull() && v.Type() == cty.String {
			key = v.AsString()
		}
		names[strings.ToLower(key)] = true
	}
	return names
}

// capabilitiesToKindMap, canBeAddedCaps and canBeRemovedCaps of
// cosmos/cosmosdb_account_resource.go, which compares names and kinds
// ignoring case (lower-cased here).
var (
	cosmosCapabilityKinds = lowerKeys(map[string][]string{
		"EnableMongo": {"MongoDB"}, "EnableMongo16MBDocumentSupport": {"MongoDB"},
		"EnableMongoRoleBasedAccessControl": {"MongoDB"}, "EnableMongoRetryableWrites": {"MongoDB"},
		"EnableUniqueCompoundNestedDocs": {"MongoDB"}, "EnableTtlOnCustomPath": {"MongoDB"},
		"EnablePartialUniqueIndex": {"MongoDB"}, "EnableNoSQLVectorSearch": {"GlobalDocumentDB"},
		"EnableNoSQLFullTextSearch": {"GlobalDocumentDB"}, "EnableFabricNetworkAclBypass": {"GlobalDocumentDB"},
		"EnableCassandra": {"GlobalDocumentDB", "Parse"}, "EnableGremlin": {"GlobalDocumentDB", "Parse"},
		"EnableTable":      {"GlobalDocumentDB", "Parse"},
		"EnableServerless": {"GlobalDocumentDB", "MongoDB", "Parse"}, "EnableAggregationPipeline": {"GlobalDocumentDB", "MongoDB", "Parse"},
		"MongoDBv3.4": {"GlobalDocumentDB", "MongoDB", "Parse"}, "mongoEnableDocLevelTTL": {"GlobalDocumentDB", "MongoDB", "Parse"},
		"DeleteAllItemsByPartitionKey": {"GlobalDocumentDB", "MongoDB", "Parse"}, "DisableRateLimitingResponses": {"GlobalDocumentDB", "MongoDB", "Parse"},
		"AllowSelfServeUpgradeToMongo36": {"GlobalDocumentDB", "MongoDB", "Parse"},
	})
	cosmosCapabilitiesAddable = lowerKeys(map[string][]string{
		"DeleteAllItemsByPartitionKey": nil, "DisableRateLimitingResponses": nil, "AllowSelfServeUpgradeToMongo36": nil,
		"EnableAggregationPipeline": nil, "MongoDBv3.4": nil, "mongoEnableDocLevelTTL": nil,
		"EnableMongo16MBDocumentSupport": nil, "EnableMongoRetryableWrites": nil, "EnableMongoRoleBasedAccessControl": nil,
		"EnableUniqueCompoundNestedDocs": nil, "EnableTtlOnCustomPath": nil, "EnablePartialUniqueIndex": nil,
		"EnableFabricNetworkAclBypass": nil,
	})
	cosmosCapabilitiesRemovable = lowerKeys(map[string][]string{"EnableMongoRetryableWrites": nil, "DisableRateLimitingResponses": nil})
)

// lowerKeys lower-cases a table's names and values.
func lowerKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, vs := range m {
		lower := []string{}
		for _, v := range vs {
			lower = append(lower, strings.ToLower(v))
		}
		out[strings.ToLower(k)] = lower
	}
	return out
}

// literalChange is a replaceIf test of one argument: replaces reports
// whether the change from was to is (null when absent) replaces; a change of
// an expression always does.
func literalChange(arg string, replaces func(was, is cty.Value) bool) func(before, after block) bool {
	return func(before, after block) bool {
		wasKey, _ := argText(before, arg)
		isKey, _ := argText(after, arg)
		if wasKey == isKey {
			return false
		}
		was, wasOK := literal(before, arg)
		is, isOK := literal(after, arg)
		return !wasOK || !isOK || replaces(was, is)
	}
}

func stringIs(v cty.Value, s string) bool {
	return !v.IsNull() && v.Type() == cty.String && strings.EqualFold(v.AsString(), s)
}

func boolIs(v cty.Value, b bool) bool {
	return !v.IsNull() && v.Type() == cty.Bool && v.True() == b
}

// numberDecreases: both numbers (or numeric strings, as PostgreSQL's
// version), the new one smaller.
func numberDecreases(was, is cty.Value) bool {
	num := func(v cty.Value) (cty.Value, bool) {
		if v.IsNull() {
			return v, false
		}
		n, err := convert.Convert(v, cty.Number)
		return n, err == nil
	}
	w, wok := num(was)
	i, iok := num(is)
	return wok && iok && i.LessThan(w).True()
}

func premiumEitherSide(was, is cty.Value) bool {
	return stringIs(was, "Premium") || stringIs(is, "Premium")
}

// Replacement is a resource a change of configuration makes Terraform
// destroy (Deleted: gone without a removed block) or replace (Arg, whose
// value changes from Was to Is, as written, or unset when absent; or,
// with Via, whose Arg refers to the resource Via, which changes it).
type Replacement struct {
	Addr, Type string // azurerm_storage_account.st, azurerm_storage_account
	Deleted    bool
	// TakenOut marks a deleted private endpoint, zone or link that a
	// sub-resource taken out of the manifest explains (see takenOut).
	TakenOut bool
	// Existing marks a deleted resource that the root now reads with a
	// data source of the same type and name (existing: true): Terraform
	// still deletes what it no longer manages.
	Existing bool
	// planKeeps marks a resource the plan keeps though Azure does not
	// (see childOf): what refers to it plans no change.
	planKeeps bool
	// outcome is what its line adds about the apply itself, "" or
	// "; …" (see applyOutcome).
	outcome      string
	Arg, Was, Is string
	Via          string // azurerm_resource_group.this
	// Why is what changes in Via where it is a data source, local or
	// variable (whose own change is listed nowhere else): `name changes
	// from "vnet-a" to "vnet-b"`; "" where not found.
	Why string
}

// String says what happens and why, naming the provider source that says so.
func (r Replacement) String() string {
	switch {
	case r.Existing:
		what := ""
		if r.Type == "azurerm_resource_group" {
			// features.resource_group.prevent_deletion_if_contains_resources,
			// true by default (resource_group_resource.go).
			what = " (or, as azurerm refuses to delete a group that holds resources, the apply fails there)"
		}
		return fmt.Sprintf("%s is deleted%s: the module reads it as existing now (data.%s), and Terraform deletes what it no longer manages. Keep it with a removed block (from = %s, lifecycle { destroy = false }) or terraform state rm %s before applying",
			r.Addr, what, r.Addr, r.Addr, r.Addr)
	case r.Deleted && !r.TakenOut && privateLink(r.Type):
		return r.Addr + " is deleted: clients that reach the service through it lose that private path"
	case r.Deleted:
		return r.Addr + " is deleted" + r.outcome
	case r.planKeeps:
		return fmt.Sprintf("%s is kept by the plan, but its %s refers to %s, whose %s (%s%s)", r.Addr, r.Arg, r.Via, r.Why, providerSource, forceNewSources[r.Type])
	case r.Via != "" && r.Why != "":
		return fmt.Sprintf("%s is replaced too: its %s refers to %s, whose %s%s (%s%s)", r.Addr, r.Arg, r.Via, r.Why, r.outcome, providerSource, forceNewSources[r.Type])
	case r.Via != "":
		return fmt.Sprintf("%s is replaced too: its %s refers to %s, which changes it%s (%s%s)", r.Addr, r.Arg, r.Via, r.outcome, providerSource, forceNewSources[r.Type])
	}
	return fmt.Sprintf("%s.%s changes from %s to %s, which replaces it%s (%s%s)", r.Addr, r.Arg, r.Was, r.Is, r.outcome, providerSource, forceNewSources[r.Type])
}

// applyOutcome is what the apply itself does with r beyond the plan's
// replace or delete, for its line: "" or "; …".
//   - A resource replaced create-before-destroy (see createdFirst) under
//     its old name and resource group: Azure has one of that name still.
//   - A key vault with purge protection (which azurerm cannot purge on
//     destroy), deleted or replaced under its name: soft-deleted, it keeps
//     its globally unique name for its retention days
//     (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview),
//     and azurerm then creates a vault of that name only by recovering the
//     deleted one, which it looks for in the new location only
//     (key_vault_resource.go, CreateModeRecover).
func applyOutcome(before, after *config, first map[string]bool, r Replacement) string {
	b, a := before.resources[r.Addr], after.resources[r.Addr]
	same := func(arg string) bool {
		_, was := attribute(b, arg)
		_, is := attribute(a, arg)
		return was != nil && is != nil && equivalent(r.Type, arg, before.value(was.Expr, b.src), after.value(is.Expr, a.src))
	}
	if !r.Deleted && first[r.Addr] && before.identity(b) == after.identity(a) {
		return "; create_before_destroy, Terraform creates the new one first, under the name of the old one, which Azure still has: the apply fails there"
	}
	if r.Type != "azurerm_key_vault" {
		return ""
	}
	if _, pp := attribute(b, "purge_protection_enabled"); pp == nil || before.value(pp.Expr, b.src) != valueKey(cty.True) {
		return ""
	}
	switch {
	case r.Deleted:
		return "; with purge protection, it stays soft-deleted under its name for its soft_delete_retention_days, which no other vault may take meanwhile"
	case !same("name"):
		return ""
	case !same("location"):
		return "; with purge protection, the old one stays soft-deleted under its name for its soft_delete_retention_days, and azurerm looks for it in the new location only, so the apply fails there"
	}
	return "; with purge protection, the old one stays soft-deleted under its name for its soft_delete_retention_days, and azurerm tries to recover it, secrets and all, instead of creating a new one"
}

// Replacements lists what changing a root module's configuration from old
// to new would destroy or replace among the resources a migration must
// keep: one that disappears without a removed block, or whose
// replacement-forcing argument plans another value; sorted by what String
// says. old and new map file names to the contents of the root's .tf
// files. Values are compared as config.value resolves them: a reference to
// what changes changes too (a renamed resource group, data source or
// local; a replaced resource's id), and text that changes to the same
// value (a reference written out as its literal) changes nothing. Roots
// whose versions.tf pin two azurerm majors are not compared (see
// sameMajor): nothing is listed.
func Replacements(old, new map[string][]byte) ([]Replacement, error) {
	c, err := Compare(old, new)
	return c.Replaced, err
}

// Changes is what a change of a root module does that its owner should
// hear of before applying it (see Compare).
type Changes struct {
	Replaced []Replacement   // see Replacements
	Moves    []RecordMove    // private endpoints whose DNS records move, by address
	Closed   []AccessClosed  // services whose public network access turns off, by address
	Dropped  []PrefixDropped // subnets kept that lose address prefixes, by address
	Shrunk   []SpaceShrunk   // virtual networks kept whose address space leaves out their subnets, by address
	// OtherMajor: the two roots pin other azurerm majors, so Replaced is
	// not compared (see sameMajor).
	OtherMajor bool
}

// Compare is Replacements, the private endpoints whose DNS records the
// change moves to other zones (see RecordMove), the services whose
// public network access it turns off (see AccessClosed), the subnets it
// takes address prefixes from (see PrefixDropped), and the virtual
// networks whose address space it takes from their subnets (see
// SpaceShrunk). All but replacements are listed across azurerm majors too
// (those arguments are written alike in both), though without knowing
// what is replaced: generator.Comparable compares like with like.
func Compare(old, new map[string][]byte) (Changes, error) {
	before, after, err := parseConfigs(old, new)
	if err != nil {
		return Changes{}, err
	}
	after.before = before
	if !sameMajor(old["versions.tf"], new["versions.tf"]) {
		c := listed(before, after)
		c.OtherMajor = true
		return c, nil
	}
	// What is replaced leaves its computed attributes unknown in the plan,
	// which can replace what reads them: look again until nothing more is.
	for {
		out := replacements(before, after)
		grew := false
		for _, r := range out {
			if !r.Deleted && !r.planKeeps && !after.replaced[r.Addr] {
				after.replaced[r.Addr], grew = true, true
			}
		}
		if !grew {
			first := createdFirst(after)
			for i := range out {
				out[i].outcome = applyOutcome(before, after, first, out[i])
			}
			c := listed(before, after)
			c.Replaced = out
			return c, nil
		}
		clear(after.resolved)
	}
}

// listed is what Compare lists besides replacements, with after.replaced
// as known.
func listed(before, after *config) Changes {
	return Changes{Moves: recordMoves(before, after), Closed: accessClosed(before, after),
		Dropped: prefixesDropped(before, after), Shrunk: spacesShrunk(before, after)}
}

// replacements compares before and after once, with after.replaced as
// known so far.
func replacements(before, after *config) []Replacement {
	var out []Replacement
	for addr, b := range before.resources {
		typ := strings.SplitN(addr, ".", 2)[0]
		if forceNew[typ] == nil {
			continue
		}
		a, ok := after.resources[addr]
		if !ok {
			if !after.removed[addr] {
				_, existing := after.data["data."+addr]
				out = append(out, Replacement{Addr: addr, Type: typ, Deleted: true, Existing: existing, TakenOut: takenOut(before, after, addr, typ)})
			}
			continue
		}
		// replace_triggered_by holds whatever ignore_changes says.
		if via := triggeredBy(after, a); via != "" {
			out = append(out, Replacement{Addr: addr, Type: typ, Arg: "lifecycle.replace_triggered_by", Via: via})
		}
		ignored := ignoredChanges(a)
		if ignored["all"] {
			continue
		}
		for _, arg := range forceNew[typ] {
			if ignored[arg] || ignored[strings.SplitN(arg, ".", 2)[0]] {
				continue
			}
			if r, ok := compare(before, after, b, a, arg); ok {
				r.Addr, r.Type = addr, typ
				out = append(out, r)
			}
		}

		// Where nothing else replaces it: the plan then keeps it.
		if r, ok := parentReplaced(after, a, typ); ok && !slices.ContainsFunc(out, func(o Replacement) bool { return o.Addr == addr }) {
			r.Addr, r.Type = addr, typ
			out = append(out, r)
		}

		for arg, replaces := range replaceIf[typ] {
			if replaces(b, a) {
				_, was := argText(b, arg)
				_, is := argText(a, arg)
				out = append(out, Replacement{Addr: addr, Type: typ, Arg: arg, Was: was, Is: is})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// childOf are, by type, the argument by which a resource names the
// parent it lives in, the parent's type, and what Azure does with the
// parent's replacement. The name is known before apply and unchanged, so
// the plan keeps the child (and what refers to it); Azure does not: it
// refuses to delete a VNet whose subnet holds resources such as a private
// endpoint's network interface (InUseSubnetCannotBeDeleted,
// https://github.com/Azure/bicep/issues/13267) and deletes an empty one
// with it, and deletes a private DNS zone only once its virtual network
// links are gone (https://github.com/Azure/deployment-stacks/issues/227).
var childOf = map[string]struct{ arg, parent, why string }{
	"azurerm_subnet": {"virtual_network_name", "azurerm_virtual_network",
		"replacement Azure refuses while the subnet holds resources (such as a private endpoint's network interface: InUseSubnetCannotBeDeleted), and otherwise deletes the subnet with it"},
	ZoneLinkType: {"private_dns_zone_name", PrivateDNSZoneType,
		"replacement Azure refuses while the link exists: the apply fails there"},
}

// parentReplaced is the replacement of a, of type typ, that its parent's
// replacement makes in Azure (see childOf).
func parentReplaced(after *config, a block, typ string) (Replacement, bool) {
	child, ok := childOf[typ]
	if !ok {
		return Replacement{}, false
	}
	attr := a.Body.Attributes[child.arg]
	if attr == nil {
		return Replacement{}, false
	}
	for _, t := range attr.Expr.Variables() {
		if addr, _, _ := referenced(t); after.replaced[addr] && strings.HasPrefix(addr, child.parent+".") {
			return Replacement{Arg: child.arg, Via: addr, Why: child.why, planKeeps: true}, true
		}
	}
	return Replacement{}, false
}

// takenOut reports whether deleting the private-link resource addr (of
// type typ) is what taking a sub-resource out of the manifest does: delete
// its endpoint while others stay, and the zone (and its links) that only
// deleted endpoints used. A pattern switched to service endpoints (no
// endpoint stays) or zones moved to a hub (the endpoints stay, their zones
// go) is not: clients lose the private addresses they resolve.
func takenOut(before, after *config, addr, typ string) bool {
	switch typ {
	case PrivateEndpointType:
		for a := range after.resources {
			if strings.HasPrefix(a, PrivateEndpointType+".") {
				return true
			}
		}
		return false
	case PrivateDNSZoneType:
		// Its endpoints all deleted, and taken out themselves.
		for a, b := range before.resources {
			if strings.HasPrefix(a, PrivateEndpointType+".") && refersTo(b.Body, addr) {
				if _, stays := after.resources[a]; stays || !takenOut(before, after, a, PrivateEndpointType) {
					return false
				}
			}
		}
		return true
	case ZoneLinkType:
		for zone := range before.resources {
			if strings.HasPrefix(zone, PrivateDNSZoneType+".") && refersTo(before.resources[addr].Body, zone) {
				_, stays := after.resources[zone]
				return !stays && takenOut(before, after, zone, PrivateDNSZoneType)
			}
		}
		return true
	}
	return false
}

// refersTo reports whether anything in body (nested blocks too, but for
// its lifecycle) refers to the resource addr.
func refersTo(body *hclsyntax.Body, addr string) bool {
	return slices.Contains(dependencies(body), addr)
}

// ignoredChanges are the arguments lifecycle { ignore_changes } of b names
// (Terraform plans no change to them, so none replaces b), "all" for all.
func ignoredChanges(b block) map[string]bool {
	out := map[string]bool{}
	for _, lc := range b.Body.Blocks {
		if lc.Type != "lifecycle" || lc.Body.Attributes["ignore_changes"] == nil {
			continue
		}
		// [name, tags["x"], block[0].arg] or all: each reads as a
		// reference to itself; an index in it is any element.
		for _, t := range lc.Body.Attributes["ignore_changes"].Expr.Variables() {
			path := t.RootName()
			for _, step := range t[1:] {
				if a, ok := step.(hcl.TraverseAttr); ok {
					path += "." + a.Name
					break
				}
			}
			out[path] = true
		}
	}
	return out
}

// triggeredBy is the address lifecycle { replace_triggered_by } of a names
// that the change replaces or updates (not one it creates), which
// replaces a too; "".
func triggeredBy(after *config, a block) string {
	for _, lc := range a.Body.Blocks {
		if lc.Type != "lifecycle" || lc.Body.Attributes["replace_triggered_by"] == nil {
			continue
		}
		for _, t := range lc.Body.Attributes["replace_triggered_by"].Expr.Variables() {
			if addr, _, _ := referenced(t); after.changes(addr) {
				return addr
			}
		}
	}
	return ""
}

// whyChanged says what changes as written in the data source, local or
// variable at addr: its first argument (by name) whose text changes, or its
// value; "" for a resource (its own replacement is listed) or where the
// text is the same (the change comes from further on).
func whyChanged(before, after *config, addr string) string {
	text := func(e hclsyntax.Expression, src []byte) string { return oneLine(e.Range().SliceBytes(src)) }
	for _, named := range []func(*config) map[string]expression{
		func(c *config) map[string]expression { return c.locals },
		func(c *config) map[string]expression { return c.variables },
	} {
		was, ok1 := named(before)[addr]
		is, ok2 := named(after)[addr]
		if ok1 && ok2 && withoutLayout(was.Range().SliceBytes(was.src)) != withoutLayout(is.Range().SliceBytes(is.src)) {
			return "value changes from " + text(was.Expression, was.src) + " to " + text(is.Expression, is.src)
		}
	}
	was, ok1 := before.data[addr]
	is, ok2 := after.data[addr]
	if !ok1 || !ok2 {
		return ""
	}
	for _, name := range slices.Sorted(maps.Keys(is.Body.Attributes)) {
		a, b := was.Body.Attributes[name], is.Body.Attributes[name]
		if a != nil && withoutLayout(a.Expr.Range().SliceBytes(was.src)) != withoutLayout(b.Expr.Range().SliceBytes(is.src)) {
			return name + " changes from " + text(a.Expr, was.src) + " to " + text(b.Expr, is.src)
		}
	}
	return ""
}

// instanceRef is each.value where expr reads it (its first such
// reference), else "". An instance that stays keeps its each.key.
func instanceRef(expr hclsyntax.Expression) string {
	for _, t := range expr.Variables() {
		if t.RootName() == "each" && len(t) > 1 {
			if a, ok := t[1].(hcl.TraverseAttr); ok && a.Name == "value" {
				return traversalText(t)
			}
		}
	}
	return ""
}

// instancesChange reports whether for_each of b and a gives an instance
// that is in both another value: for literal maps and objects, the value
// of a key in both (a key added is a new instance, which replaces none);
// otherwise any change to the expression. count.index is the same for an
// instance whatever count is.
func instancesChange(before, after *config, b, a block) bool {
	was, is := b.Body.Attributes["for_each"], a.Body.Attributes["for_each"]
	if was == nil || is == nil {
		return was != is
	}
	keyed := func(v cty.Value) bool { return v.IsWhollyKnown() && (v.Type().IsMapType() || v.Type().IsObjectType()) }
	wv, wdiags := was.Expr.Value(nil)
	iv, idiags := is.Expr.Value(nil)
	if wdiags.HasErrors() || idiags.HasErrors() || !keyed(wv) || !keyed(iv) {
		return before.value(was.Expr, b.src) != after.value(is.Expr, a.src)
	}
	now := iv.AsValueMap()
	for k, v := range wv.AsValueMap() {
		if n, ok := now[k]; ok && !n.RawEquals(v) {
			return true
		}
	}
	return false
}

// compare is the replacement that arg of b (before) and a (after) makes
// when its value changes: as written (Was, Is), or through a reference
// (Via) where the text is the same.
func compare(before, after *config, b, a block, arg string) (Replacement, bool) {
	wasKey, was := argText(b, arg)
	isKey, is := argText(a, arg)
	_, wasAttr := attribute(b, arg)
	_, isAttr := attribute(a, arg)
	// null is the argument left out.
	if isNullLiteral(wasAttr) {
		wasAttr, wasKey, was = nil, "", unset
	}
	if isNullLiteral(isAttr) {
		isAttr, isKey, is = nil, "", unset
	}
	if wasAttr == nil || isAttr == nil {
		// Left out on a side, or a whole nested block: as written, but
		// for the provider's default written out on the other side.
		if wasKey != isKey && (before.isDefault(b, arg) || after.isDefault(a, arg) || (isKey == "" && keptWhenLeftOut[a.Labels[0]][arg])) {
			return Replacement{}, false
		}
		return Replacement{Arg: arg, Was: was, Is: is}, wasKey != isKey
	}
	wasValue, isValue := before.value(wasAttr.Expr, b.src), after.value(isAttr.Expr, a.src)
	if equivalent(b.Labels[0], arg, wasValue, isValue) {
		// The same text can read another instance value: each.value
		// where for_each gives a key another value.
		if root := instanceRef(isAttr.Expr); root != "" && instancesChange(before, after, b, a) {
			return Replacement{Arg: arg, Via: root}, true
		}
		return Replacement{}, false
	}
	if wasKey != isKey {
		return Replacement{Arg: arg, Was: was, Is: is}, true
	}
	for _, t := range isAttr.Expr.Variables() {
		if before.resolve(t) != after.resolve(t) {
			if addr, _, _ := referenced(t); addr != "" {
				return Replacement{Arg: arg, Via: addr, Why: whyChanged(before, after, addr)}, true
			}
		}
	}
	return Replacement{Arg: arg, Was: was, Is: is}, true
}

// Strings is what each replacement's String says.
func Strings(rs []Replacement) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.String())
	}
	return out
}

// Lines is what rs says, one line per resource, in the order of each
// resource's first entry: a resource replaced for several arguments gets
// one line naming each ("is replaced: its name changes from …; its
// subnet_id refers to …"), what changes it as written first.
func Lines(rs []Replacement) []string {
	var order []string
	byAddr := map[string][]Replacement{}
	for _, r := range rs {
		if byAddr[r.Addr] == nil {
			order = append(order, r.Addr)
		}
		byAddr[r.Addr] = append(byAddr[r.Addr], r)
	}
	out := make([]string, 0, len(order))
	for _, addr := range order {
		parts := byAddr[addr]
		if len(parts) == 1 || parts[0].Deleted {
			out = append(out, parts[0].String())
			continue
		}
		out = append(out, fmt.Sprintf("%s%s (%s%s)", merged(addr, parts), parts[0].outcome, providerSource, forceNewSources[parts[0].Type]))
	}
	return out
}

// merged says why addr is replaced for each of parts (two or more):
// "is replaced too: its a refers to X and its b to Y, which change it" where
// references to resources that change are all there is, else each reason
// in full, what changes it as written first.
func merged(addr string, parts []Replacement) string {
	slices.SortStableFunc(parts, func(a, b Replacement) int { return compareBool(a.Via == "", b.Via == "") })
	if !slices.ContainsFunc(parts, func(r Replacement) bool { return r.Via == "" || r.Why != "" }) {
		refs := make([]string, len(parts))
		for i, r := range parts {
			refs[i] = fmt.Sprintf("its %s to %s", r.Arg, r.Via)
		}
		refs[0] = fmt.Sprintf("its %s refers to %s", parts[0].Arg, parts[0].Via)
		last := len(refs) - 1
		return fmt.Sprintf("%s is replaced too: %s and %s, which change it", addr, strings.Join(refs[:last], ", "), refs[last])
	}
	verb, reasons := "is replaced too", make([]string, len(parts))
	for i, r := range parts {
		switch {
		case r.Via == "" && i > 0:
			reasons[i] = fmt.Sprintf("its %s from %s to %s", r.Arg, r.Was, r.Is)
		case r.Via == "":
			verb, reasons[i] = "is replaced", fmt.Sprintf("its %s changes from %s to %s", r.Arg, r.Was, r.Is)
		case r.Why != "":
			reasons[i] = fmt.Sprintf("its %s refers to %s, whose %s", r.Arg, r.Via, r.Why)
		default:
			reasons[i] = fmt.Sprintf("its %s refers to %s, which changes it", r.Arg, r.Via)
		}
	}
	return fmt.Sprintf("%s %s: %s", addr, verb, strings.Join(reasons, "; "))
}

// compareBool orders true before false.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// LosesData reports whether r replaces or deletes a service, which is
// created again empty: not the resource group, network or private-link
// resources around it (which Replacements lists too).
func (r Replacement) LosesData() bool {
	switch r.Type {
	case "azurerm_resource_group", "azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group",
		"azurerm_user_assigned_identity", "azurerm_service_plan":
		return false
	}
	return !privateLink(r.Type)
}

// argText returns an argument's key for comparison — its value when it is
// a literal, else its expression without layout (line breaks, comments,
// spaces) — and its source text for messages; "", unset when absent.
// "block.arg" looks in the first nested block of that type; an arg that
// names nested blocks stands for all of them, compared without layout.
func argText(b block, arg string) (key, text string) {
	body, a := attribute(b, arg)
	if a == nil {
		if body == nil || strings.Contains(arg, ".") {
			return "", unset
		}
		var keys, texts []string
		for _, n := range body.Blocks {
			if n.Type == arg {
				src := n.Range().SliceBytes(b.src)
				keys = append(keys, withoutLayout(src))
				texts = append(texts, oneLine(src))
			}
		}
		if keys == nil {
			return "", unset
		}
		return strings.Join(keys, ","), strings.Join(texts, ", ")
	}
	src := a.Expr.Range().SliceBytes(b.src)
	text = oneLine(src)
	if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
		return v.GoString(), text
	}
	return withoutLayout(src), text
}

// isNullLiteral reports whether a is written as null, which Terraform
// plans as the argument left out.
func isNullLiteral(a *hclsyntax.Attribute) bool {
	if a == nil {
		return false
	}
	v, diags := a.Expr.Value(nil)
	return !diags.HasErrors() && v.IsNull()
}

// literal is an argument's value: null when absent, ok false when it is
// an expression that needs evaluating.
func literal(b block, arg string) (v cty.Value, ok bool) {
	_, a := attribute(b, arg)
	if a == nil {
		return cty.NullVal(cty.DynamicPseudoType), true
	}
	v, diags := a.Expr.Value(nil)
	return v, !diags.HasErrors() && v.IsWhollyKnown()
}

// attribute finds arg, "block.arg" in the first nested block of that type,
// and the body it is in (nil when that block is absent).
func attribute(b block, arg string) (*hclsyntax.Body, *hclsyntax.Attribute) {
	body := b.Body
	if blk, name, nested := strings.Cut(arg, "."); nested {
		body = nil
		for _, n := range b.Body.Blocks {
			if n.Type == blk {
				body = n.Body
				break
			}
		}
		if body == nil {
			return nil, nil
		}
		arg = name
	}
	return body, body.Attributes[arg]
}

// unset is what an argument left out is, in messages: the provider then
// plans its default (or, if Optional and Computed, what Azure has).
const unset = "the provider's default"

// oneLine is source text on one line, for messages.
func oneLine(src []byte) string { return strings.Join(strings.Fields(string(src)), " ") }

// withoutLayout is HCL source without line breaks, comments and spaces.
func withoutLayout(src []byte) string {
	tokens, _ := hclsyntax.LexExpression(src, "", hcl.InitialPos)
	var sb strings.Builder
	for _, t := range tokens {
		if t.Type != hclsyntax.TokenNewline && t.Type != hclsyntax.TokenComment && t.Type != hclsyntax.TokenEOF {
			sb.Write(t.Bytes)
		}
	}
	return sb.String()
}
