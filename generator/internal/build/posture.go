package build

import (
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// PostureTestFile is the Terraform test the module ships: `terraform test`
// plans the module against a mocked azurerm provider, offline and without
// credentials, and asserts the posture the manifest promises on the planned
// values.
const PostureTestFile = "tests/posture.tftest.hcl"

// check is one assert block of the posture test: a condition on planned
// values and the promise it keeps, printed when it fails. Each service
// builder contributes the checks of its resources (checks), each pattern
// those of its endpoints, zones and links.
type check struct {
	condition hclwrite.Tokens
	message   string
}

// seeder is a service whose Optional+Computed arguments the test seeds with
// values the module never writes: an argument the configuration sets keeps
// its value, one it leaves out plans the seed, and the check on it fails.
// So the test proves the module writes what it means (an empty rule list
// included), not what the mock invents.
type seeder interface {
	seeds() []hclgen.ObjectAttr
}

// The checks only read values the configuration sets explicitly: an
// Optional+Computed argument left out is unknown while planning (or the
// mock's invention), never a promise.

// is checks expr == want.
func is(expr, want hclwrite.Tokens, message string) check {
	return check{hclgen.Equal(expr, want), message}
}

// isString checks expr == "want".
func isString(expr hclwrite.Tokens, want, message string) check {
	return is(expr, hclgen.Literal(want), message)
}

// isBool checks expr == want.
func isBool(expr hclwrite.Tokens, want bool, message string) check {
	return is(expr, hclgen.Bool(want), message)
}

// exactly checks that the list or set expr holds the values of want and no
// other, as sets (a list never equals a tuple literal); with want empty,
// that expr is empty or null (an Optional argument left out).
func exactly(expr hclwrite.Tokens, want []string, message string) check {
	if len(want) == 0 {
		// try(length(expr), 0) == 0
		n := hclgen.Call("try", hclgen.Call("length", expr), hclgen.Number(0))
		return is(n, hclgen.Number(0), message)
	}
	return check{hclgen.Equal(hclgen.Call("toset", expr), hclgen.Call("toset", hclgen.Strings(want))), message}
}

// publicAccessCheck checks a service's public_network_access_enabled
// against the pattern's firewall.
func publicAccessCheck(addr hclgen.Ref, fw firewall) check {
	state := "disabled"
	if fw.publicAccess {
		state = "enabled"
	}
	return isBool(addr.Dot("public_network_access_enabled").Tokens(), fw.publicAccess, addr.Address()+" has public network access "+state+".")
}

// denyCheck checks a firewall's default action.
func denyCheck(addr hclgen.Ref, expr hclwrite.Tokens) check {
	return isString(expr, "Deny", addr.Address()+" denies by default: its firewall's default action is Deny.")
}

// subnetRulesCheck checks the subnets a firewall admits: exactly the
// pattern's workload subnets, none when the pattern admits none.
func (w *workload) subnetRulesCheck(addr hclgen.Ref, expr hclwrite.Tokens, fw firewall) check {
	return exactly(expr, w.testSubnetIDs(fw), rulesMessage(addr, "subnets", fw.subnetNames))
}

// ipRulesCheck checks the public IP ranges a firewall admits.
func ipRulesCheck(addr hclgen.Ref, expr hclwrite.Tokens, ranges []string) check {
	return exactly(expr, ranges, rulesMessage(addr, "public IP ranges", ranges))
}

func rulesMessage(addr hclgen.Ref, what string, names []string) string {
	if len(names) == 0 {
		return addr.Address() + " admits no " + what + "."
	}
	return addr.Address() + " admits the " + what + " " + strings.Join(names, ", ") + " and no other."
}

// The resource IDs the test gives the network, zones and services while
// planning (override_during = plan), so that assertions can compare the
// IDs other resources refer to. They are plausible (the provider validates
// the arguments they reach) and distinct (a rule that admits the wrong
// subnet fails). Mocked data sources get the same treatment.
const testSubscription = "00000000-0000-0000-0000-000000000000"

// testTenant is the tenant azurerm_client_config reports: a UUID, since the
// provider validates the tenant_id arguments it reaches.
const testTenant = "00000000-0000-0000-0000-0000000000aa"

// armTypes are the resource types of the services' IDs
// (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-services-resource-providers).
var armTypes = map[string]string{
	"azurerm_storage_account":            "Microsoft.Storage/storageAccounts",
	"azurerm_key_vault":                  "Microsoft.KeyVault/vaults",
	"azurerm_mssql_server":               "Microsoft.Sql/servers",
	"azurerm_cosmosdb_account":           "Microsoft.DocumentDB/databaseAccounts",
	"azurerm_servicebus_namespace":       "Microsoft.ServiceBus/namespaces",
	"azurerm_eventhub_namespace":         "Microsoft.EventHub/namespaces",
	"azurerm_container_registry":         "Microsoft.ContainerRegistry/registries",
	"azurerm_cognitive_account":          "Microsoft.CognitiveServices/accounts",
	"azurerm_postgresql_flexible_server": "Microsoft.DBforPostgreSQL/flexibleServers",
	"azurerm_mysql_flexible_server":      "Microsoft.DBforMySQL/flexibleServers",
	"azurerm_linux_web_app":              "Microsoft.Web/sites",
}

func testRGID(rg string) string {
	return "/subscriptions/" + testSubscription + "/resourceGroups/" + rg
}

func (w *workload) testVNetID() string {
	vnet := w.Network.VNet
	switch {
	case vnet.ID != "":
		return vnet.ID
	case w.Network.SubnetsByID():
		return manifest.SubnetVNetID(w.Network.Subnets[0].ID)
	}
	return testRGID(vnet.ResourceGroup) + "/providers/Microsoft.Network/virtualNetworks/" + vnet.Name
}

func (w *workload) testSubnetID(s manifest.Subnet) string {
	if s.ID != "" {
		return s.ID
	}
	return w.testVNetID() + "/subnets/" + s.Name
}

// testSubnetIDs are the IDs of the subnets a firewall admits.
func (w *workload) testSubnetIDs(fw firewall) []string {
	var ids []string
	for _, name := range fw.subnetNames {
		for _, s := range w.net.subnets {
			if s.Name == name {
				ids = append(ids, w.testSubnetID(s.Subnet))
			}
		}
	}
	return ids
}

func (w *workload) testZoneID(zone string) string {
	if w.DNS.Mode == manifest.DNSExisting {
		return w.DNS.ZoneIDs[zone]
	}
	return testRGID(w.ResourceGroup.Name) + "/providers/Microsoft.Network/privateDnsZones/" + zone
}

func (w *workload) testServiceID(svc manifest.Service) string {
	addr := builders[svc.Type].address(svc)
	return testRGID(w.ResourceGroup.Name) + "/providers/" + armTypes[addr[0]] + "/" + svc.Name
}

// testValue is the value the test gives a required variable, one the
// provider's validation accepts: a UUID for an object ID, a password of
// three character classes, a login of letters and underscores.
func testValue(v variable) hclwrite.Tokens {
	switch {
	case strings.HasSuffix(v.name, "_object_id"):
		return hclgen.Literal("00000000-0000-0000-0000-0000000000ab")
	case v.sensitive:
		return hclgen.Literal("Posture-test-1")
	}
	return hclgen.Literal("posture_test")
}

// postureFile is tests/posture.tftest.hcl: the mocked provider, the IDs
// the network, zones and services get while planning, and one run per
// service plus one for the network, each a plan with its assertions.
func (w *workload) postureFile() *hclgen.File {
	f := hclgen.NewFile(PostureTestFile)
	f.Body().AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(
		"# What the manifest promises, asserted on the plan: `terraform test` (Terraform 1.11\n" +
			"# or newer) plans against a mocked azurerm provider, offline, with no credentials.\n")}})
	f.Body().AppendNewline()

	mock := f.Block("mock_provider", "azurerm")
	data := mock.AppendNewBlock("mock_data", []string{"azurerm_client_config"}).Body()
	data.SetAttributeRaw("defaults", hclgen.Object(hclgen.ObjectAttr{Name: "tenant_id", Value: hclgen.Literal(testTenant)}))

	var required []variable
	for _, v := range w.variables() {
		if v.value == nil {
			required = append(required, v)
		}
	}
	if len(required) > 0 {
		vars := f.Block("variables")
		for _, v := range required {
			vars.SetAttributeRaw(v.name, testValue(v))
		}
	}

	override := func(target hclgen.Ref, attrs ...hclgen.ObjectAttr) {
		kind := "override_resource"
		if target[0] == "data" {
			kind = "override_data"
		}
		b := f.Block(kind)
		hclgen.SetRef(b, "target", target)
		if kind == "override_resource" {
			// Resources get their values while planning too (Terraform
			// 1.11: https://github.com/hashicorp/terraform/pull/36227).
			b.SetAttributeRaw("override_during", hclwrite.TokensForIdentifier("plan"))
		}
		b.SetAttributeRaw("values", hclgen.Object(attrs...))
	}
	id := func(s string) hclgen.ObjectAttr { return hclgen.ObjectAttr{Name: "id", Value: hclgen.Literal(s)} }
	location := hclgen.ObjectAttr{Name: "location", Value: hclgen.Literal(w.Location)}
	if w.ResourceGroup.Existing {
		override(existingRG, id(testRGID(w.ResourceGroup.Name)), location)
	}
	switch vnet := w.Network.VNet; {
	case vnet.ID != "" || w.Network.SubnetsByID():
	case vnet.Existing:
		override(existingVNet, id(w.testVNetID()), location)
	default:
		override(virtualNetwork, id(w.testVNetID()))
	}
	for _, s := range w.Network.Subnets {
		switch {
		case s.ID != "":
		case s.Existing:
			override(subnetData(s), id(w.testSubnetID(s)))
		default:
			override(subnetResource(s), id(w.testSubnetID(s)))
		}
	}
	if w.PrivateEndpoints() && w.DNS.Mode == manifest.DNSManaged {
		for _, z := range zones(w) {
			override(azurerm.ZoneAddress(z), id(w.testZoneID(z)))
		}
	}
	for _, svc := range w.Services {
		values := []hclgen.ObjectAttr{id(w.testServiceID(svc))}
		if s, ok := builders[svc.Type].(seeder); ok {
			values = append(values, s.seeds()...)
		}
		override(builders[svc.Type].address(svc), values...)
	}

	run := func(name string, checks []check) {
		if len(checks) == 0 {
			return
		}
		b := f.Block("run", name)
		b.SetAttributeRaw("command", hclwrite.TokensForIdentifier("plan"))
		for _, c := range checks {
			a := hclgen.Nested(b, "assert")
			a.SetAttributeRaw("condition", c.condition)
			hclgen.SetString(a, "error_message", c.message)
		}
	}
	for _, svc := range w.Services {
		checks := builders[svc.Type].checks(w, svc, w.pattern.firewall(w, svc))
		run(outputPrefix(svc), append(checks, w.pattern.checks(w, svc)...))
	}
	run("network", append(w.serviceEndpointChecks(), w.pattern.networkChecks(w)...))
	return f
}

// serviceEndpointChecks check the service endpoints of the subnets the
// module creates for the workload: exactly the pattern's (none once a
// migration is cleaned up).
func (w *workload) serviceEndpointChecks() []check {
	want := w.pattern.serviceEndpoints(w)
	var checks []check
	for _, s := range w.net.workloadSubnets() {
		if s.IsExisting() {
			continue
		}
		addr := subnetResource(s.Subnet)
		msg := addr.Address() + " carries no service endpoints."
		if len(want) > 0 {
			msg = addr.Address() + " carries the service endpoints " + strings.Join(want, ", ") + "."
		}
		checks = append(checks, exactly(w.major.ServiceEndpointNames(addr), want, msg))
	}
	return checks
}
