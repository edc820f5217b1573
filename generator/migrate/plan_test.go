package migrate

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/azurerm"
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// TestPlanLevel proves each phase of every hand-written fixture on planned
// values, with terraform test and mock_provider "azurerm" against the real
// provider (offline, no credentials): one private endpoint per sub-resource,
// each zone linked to every VNet the rules admitted, public network access
// on until cutover and off from it, the storage service endpoint gone only at cleanup. (TestPlanClosesFirewalls
// proves the rules emptied from cutover on.) It runs where planTool finds
// terraform and the provider of the fixture's major.
func TestPlanLevel(t *testing.T) {
	roots, _ := filepath.Glob("testdata/*/after-*")
	for _, root := range roots {
		name := filepath.Base(filepath.Dir(root)) + "/" + filepath.Base(root)
		t.Run(name, func(t *testing.T) {
			r, err := load(root, fixtureOptions[filepath.Base(filepath.Dir(root))].Provider)
			if err != nil {
				t.Fatal(err)
			}
			rc := planTool(t, r.major.Name)
			phase := manifest.Phase(strings.TrimPrefix(filepath.Base(root), "after-"))
			test, err := phaseTest(r, phase)
			if err != nil {
				t.Fatal(err)
			}
			work := t.TempDir()
			copyDir(t, root, work)
			os.MkdirAll(filepath.Join(work, "tests"), 0o755)
			os.WriteFile(filepath.Join(work, "tests", "phase.tftest.hcl"), test, 0o644)
			cmd := exec.Command("terraform", "test", "-no-color")
			cmd.Dir = work
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("terraform test failed: %v\n%s\n--- tests/phase.tftest.hcl:\n%s", err, out, test)
			}
		})
	}
}

// phaseTest writes the terraform test of one phase of a migrated root,
// from what the root itself says: the endpoints and zones the add phase
// generated, the accounts they connect, and the subnets it recorded.
func phaseTest(r *root, phase manifest.Phase) ([]byte, error) {
	gen := r.generated()
	if gen == nil {
		return nil, fmt.Errorf("%s has no %s", r.dir, GeneratedFile)
	}
	f := mockHeader(r)
	// Computed values (IDs) stay unknown on a mocked plan, so assertions
	// read what the configuration sets: names, lists, flags.
	run := f.Body().AppendNewBlock("run", []string{string(phase)}).Body()
	run.SetAttributeRaw("command", hclwrite.TokensForIdentifier("plan"))
	assert := func(condition, message string) {
		a := run.AppendNewBlock("assert", nil).Body()
		a.SetAttributeRaw("condition", rawExpr(condition))
		a.SetAttributeRaw("error_message", hclgen.Literal(message))
	}

	var accounts []string
	for addr := range gen.endpoints {
		accounts = append(accounts, addr)
	}
	sort.Strings(accounts)
	for _, b := range gen.f.s.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		addr := b.Labels[0] + "." + b.Labels[1]
		switch b.Labels[0] {
		case azurerm.PrivateEndpointType:
			for _, psc := range blocksOf(b.Body, "private_service_connection") {
				sub := attrListFirst(psc.Body, "subresource_names")
				assert(fmt.Sprintf("%s.private_service_connection[0].subresource_names == tolist([%q])", addr, sub),
					addr+" connects the "+sub+" sub-resource")
			}
		case azurerm.PrivateDNSZoneType:
			var links []string
			for _, l := range gen.f.s.Blocks {
				if l.Type == "resource" && len(l.Labels) == 2 && l.Labels[0] == azurerm.ZoneLinkType && strings.HasPrefix(l.Labels[1], b.Labels[1]) {
					links = append(links, azurerm.ZoneLinkType+"."+l.Labels[1]+".name")
				}
			}
			if len(links) == 0 {
				continue // zones of a hub (--dns existing) are linked there
			}
			// A link's name is unique within its zone.
			assert(fmt.Sprintf(`length(distinct([%s])) == %d`, strings.Join(links, ", "), len(links)),
				addr+"'s links have names of their own")
			for _, vnet := range r.admittedVNets(gen) {
				assert(fmt.Sprintf(`contains([%[1]s], "link-${%[2]s.name}") || contains([%[1]s], "link-${%[2]s.resource_group_name}-${%[2]s.name}")`, strings.Join(links, ", "), vnet),
					addr+" is linked to the VNet "+vnet+", whose subnets the rules admitted")
			}
		}
	}
	for _, acc := range accounts {
		if phase == manifest.PhaseAdd {
			// Left out, it plans null: Azure's default, enabled.
			assert(acc+".public_network_access_enabled != false", acc+": public network access stays on in the add phase")
		} else {
			assert(acc+".public_network_access_enabled == false", acc+": public network access is off from cutover on")
		}
	}
	for _, s := range gen.subnets {
		has := fmt.Sprintf(`contains(%s.service_endpoints, "Microsoft.Storage")`, s)
		if r.major.Name == "5" {
			has = fmt.Sprintf(`anytrue([for se in %s.service_endpoint : se.service == "Microsoft.Storage"])`, s)
		}
		if phase == manifest.PhaseCleanup {
			assert("!"+has, s+" no longer carries Microsoft.Storage after cleanup")
		} else {
			assert(has, s+" keeps Microsoft.Storage until cleanup")
		}
	}
	return hclwrite.Format(f.Bytes()), nil
}

// admittedVNets are the addresses of the VNets of the subnets whose
// service endpoints the migrated accounts relied on.
func (r *root) admittedVNets(gen *generatedState) []string {
	var out []string
	for _, s := range gen.subnets {
		ref, err := r.parseSubnet(s)
		if err != nil {
			continue
		}
		v := r.vnetOf(ref)
		v.finish()
		if addr := strings.TrimSuffix(strings.TrimSpace(string(v.name.Bytes())), ".name"); addr != "" && !slices.Contains(out, addr) {
			out = append(out, addr)
		}
	}
	sort.Strings(out)
	return out
}

// rawExpr parses an assertion's condition; a typo here is a test bug.
func rawExpr(src string) hclwrite.Tokens {
	tokens, err := tokensOf(src)
	if err != nil {
		panic(err)
	}
	return tokens
}

// aSubnetID is the value a test gives a required variable of a subnet ID.
const aSubnetID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-spoke/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-app"

// requiredVariables gives each variable without a default a value the
// provider accepts: a subnet ID for a subnet, exampleValue otherwise, in a
// list of one for a list.
func requiredVariables(r *root) map[string]hclwrite.Tokens {
	out := map[string]hclwrite.Tokens{}
	for _, f := range r.files {
		for _, b := range f.s.Blocks {
			if b.Type != "variable" || len(b.Labels) != 1 || b.Body.Attributes["default"] != nil {
				continue
			}
			value := hclgen.Literal(exampleValue(b.Labels[0]))
			if strings.Contains(b.Labels[0], "subnet") {
				value = hclgen.Literal(aSubnetID)
			}
			if t := b.Body.Attributes["type"]; t != nil && strings.HasPrefix(string(t.Expr.Range().SliceBytes(f.src)), "list") {
				value = hclwrite.TokensForTuple([]hclwrite.Tokens{value})
			}
			out[b.Labels[0]] = value
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// mockHeader starts a test file of the root r: a mock azurerm provider for
// the default provider block and each alias, and values for the required
// variables.
func mockHeader(r *root) *hclwrite.File {
	f := hclwrite.NewEmptyFile()
	mockDataDefaults(f.Body().AppendNewBlock("mock_provider", []string{"azurerm"}).Body())
	for _, p := range r.providers {
		if alias := attrString(p.s.Body, "alias"); alias != "" {
			mock := f.Body().AppendNewBlock("mock_provider", []string{"azurerm"}).Body()
			mock.SetAttributeRaw("alias", hclgen.Literal(alias))
			mockDataDefaults(mock)
		}
	}
	if vars := requiredVariables(r); len(vars) > 0 {
		v := f.Body().AppendNewBlock("variables", nil).Body()
		for _, name := range sortedKeys(vars) {
			v.SetAttributeRaw(name, vars[name])
		}
	}
	return f
}

// mockDataDefaults gives the data sources fixtures read IDs of the right
// shape: a mocked data source returns random strings, and the provider
// still parses the IDs fed from them.
func mockDataDefaults(mock *hclwrite.Body) {
	const sub = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/"
	for _, typ := range []string{"azurerm_client_config", "azurerm_private_dns_zone", "azurerm_subnet", "azurerm_virtual_network"} {
		value := map[string]hclgen.ObjectAttr{
			"azurerm_client_config":    {Name: "tenant_id", Value: hclgen.Literal("00000000-0000-0000-0000-0000000000aa")},
			"azurerm_private_dns_zone": {Name: "id", Value: hclgen.Literal(sub + "privateDnsZones/privatelink.blob.core.windows.net")},
			"azurerm_subnet":           {Name: "id", Value: hclgen.Literal(aSubnetID)},
			"azurerm_virtual_network":  {Name: "id", Value: hclgen.Literal(sub + "virtualNetworks/vnet-hub")},
		}[typ]
		d := mock.AppendNewBlock("mock_data", []string{typ}).Body()
		d.SetAttributeRaw("defaults", hclgen.Object(value))
	}
}
