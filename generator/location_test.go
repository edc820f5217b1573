package generator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// locations returns the location expression of every resource of the
// module that has one, by address.
func locations(t *testing.T, src string) map[string]string {
	t.Helper()
	files, diags := Generate([]byte(src), "m.yaml", Options{})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[string]string{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".tf") {
			continue
		}
		parsed, diags := hclsyntax.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		wf, _ := hclwrite.ParseConfig(f.Bytes, f.Name, hcl.InitialPos)
		for i, b := range parsed.Body.(*hclsyntax.Body).Blocks {
			if b.Type != "resource" {
				continue
			}
			if attr := wf.Body().Blocks()[i].Body().GetAttribute("location"); attr != nil {
				got[strings.Join(b.Labels, ".")] = strings.TrimSpace(string(attr.Expr().BuildTokens(nil).Bytes()))
			}
		}
	}
	return got
}

// TestLocationIsNeverIgnored: the workload's resources go in the
// manifest's location, with a resource group created or existing (which
// may be elsewhere); private endpoints go in their VNet's region: the VNet
// created here, read by name, or given by ID with network.vnet.location.
func TestLocationIsNeverIgnored(t *testing.T) {
	const services = "services:\n  - type: key_vault\n    name: kv-orders-01\n"
	manifest := func(location, rest string) string {
		return fmt.Sprintf("apiVersion: endpointgen/v1\nname: orders\nlocation: %s\npattern: private-endpoint\n%s%s", location, rest, services)
	}
	const subnetID = "/subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-pe"
	const vnetID = "/subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
	const (
		rg  = "azurerm_resource_group.this.location"
		kv  = "azurerm_key_vault.kv_orders_01"
		pe  = "azurerm_private_endpoint.kv_orders_01_vault"
		grp = "azurerm_resource_group.this"
		net = "azurerm_virtual_network.this"
		// A created subnet's network security group lives in its VNet's region.
		nsg   = "azurerm_network_security_group.snet_orders"
		nsgPE = "azurerm_network_security_group.snet_pe"
	)
	for _, tc := range []struct {
		name, src string
		want      map[string]string
	}{
		{"created group and VNet", manifest("westeurope", ""),
			map[string]string{grp: `"westeurope"`, net: rg, nsg: rg, kv: rg, pe: rg}},
		{"existing group", manifest("westeurope", "resource_group:\n  existing: true\n"),
			map[string]string{net: `"westeurope"`, nsg: `"westeurope"`, kv: `"westeurope"`, pe: `"westeurope"`}},
		{"existing group, moved", manifest("northeurope", "resource_group:\n  existing: true\n"),
			map[string]string{net: `"northeurope"`, nsg: `"northeurope"`, kv: `"northeurope"`, pe: `"northeurope"`}},
		{"VNet read by name", manifest("westeurope", "resource_group:\n  existing: true\nnetwork:\n  vnet:\n    name: vnet-spoke\n    existing: true\n  subnet:\n    name: snet-pe\n    existing: true\n"),
			map[string]string{kv: `"westeurope"`, pe: "data.azurerm_virtual_network.this.location"}},
		{"subnet by ID", manifest("westeurope", "network:\n  subnet:\n    id: "+subnetID+"\n"),
			map[string]string{grp: `"westeurope"`, kv: rg, pe: rg}},
		{"subnet by ID, VNet elsewhere", manifest("westeurope", "network:\n  vnet:\n    location: northeurope\n  subnet:\n    id: "+subnetID+"\n"),
			map[string]string{grp: `"westeurope"`, kv: rg, pe: `"northeurope"`}},
		{"existing group, subnet by ID, VNet elsewhere", manifest("westeurope", "resource_group:\n  existing: true\nnetwork:\n  vnet:\n    location: northeurope\n  subnet:\n    id: "+subnetID+"\n"),
			map[string]string{kv: `"westeurope"`, pe: `"northeurope"`}},
		{"VNet by ID elsewhere", manifest("westeurope", "network:\n  vnet:\n    id: "+vnetID+"\n    location: swedencentral\n  subnet:\n    name: snet-pe\n    address_prefixes: [10.1.0.0/27]\n"),
			map[string]string{grp: `"westeurope"`, kv: rg, nsgPE: `"swedencentral"`, pe: `"swedencentral"`}},
	} {
		if diff := cmp.Diff(tc.want, locations(t, tc.src)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
