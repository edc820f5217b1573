package manifest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestClaims: what a workload creates, by the names and scopes of the
// module's resources; what it reads (an existing resource group, VNet or
// subnet, the hub's zones) is no claim, and only a zone link to a VNet
// given by ID has an ID for its scope; every service is a claim, global.
func TestClaims(t *testing.T) {
	const (
		vnetID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke"
		hubID  = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
		zoneID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"
		blob   = "privatelink.blob.core.windows.net"
		head   = "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\nservices:\n  - type: storage\n    name: stapp01\n"
	)
	// The service: its name is unique in the cloud.
	st := Claim{Kind: ClaimService, Name: "stapp01", Scope: "storage public"}
	for _, tc := range []struct {
		name, src string
		want      []Claim
	}{
		{"all created, a hub link", head + "pattern: private-endpoint\ndns:\n  link_vnet_ids: [" + hubID + "]\n", []Claim{
			st,
			{Kind: ClaimResourceGroup, Name: "rg-app"},
			{Kind: ClaimVNet, Name: "vnet-app", Scope: "rg-app", Prefixes: []string{"10.0.0.0/16"}},
			{Kind: ClaimSubnet, Name: "snet-app", Scope: "rg-app/vnet-app", Prefixes: []string{"10.0.1.0/24"}},
			{Kind: ClaimNSG, Name: "nsg-snet-app", Scope: "rg-app"},
			{Kind: ClaimZone, Name: blob, Scope: "rg-app"},
			{Kind: ClaimZoneLink, Name: blob, Scope: "rg-app/vnet-app"},
			{Kind: ClaimZoneLink, Name: blob, Scope: hubID, ScopeIsID: true, Subscription: "00000000-0000-0000-0000-000000000001"},
		}},
		{"service endpoints: no zones", head + "pattern: service-endpoint\nresource_group: {name: rg-x, existing: true}\n", []Claim{
			st,
			{Kind: ClaimVNet, Name: "vnet-app", Scope: "rg-x", Prefixes: []string{"10.0.0.0/16"}},
			{Kind: ClaimSubnet, Name: "snet-app", Scope: "rg-x/vnet-app", Prefixes: []string{"10.0.1.0/24"}},
			{Kind: ClaimNSG, Name: "nsg-snet-app", Scope: "rg-x"},
		}},
		{"a new subnet in a VNet by ID", head + "pattern: private-endpoint\nnetwork:\n  vnet: {id: " + vnetID + "}\n  subnet: {name: snet-pep, address_prefixes: [10.0.5.0/24]}\n", []Claim{
			st,
			{Kind: ClaimResourceGroup, Name: "rg-app"},
			// Created by names, in the provider's subscription.
			{Kind: ClaimSubnet, Name: "snet-pep", Scope: "rg-net/vnet-spoke", Prefixes: []string{"10.0.5.0/24"}},
			{Kind: ClaimNSG, Name: "nsg-snet-pep", Scope: "rg-app"},
			{Kind: ClaimZone, Name: blob, Scope: "rg-app"},
			{Kind: ClaimZoneLink, Name: blob, Scope: vnetID, ScopeIsID: true, Subscription: "00000000-0000-0000-0000-000000000001"},
		}},
		{"subnets by ID", head + "pattern: private-endpoint\nresource_group: {name: rg-x, existing: true}\nnetwork:\n  subnet: {id: " + vnetID + "/subnets/snet-pep}\n", []Claim{
			st,
			{Kind: ClaimZone, Name: blob, Scope: "rg-x"},
			{Kind: ClaimZoneLink, Name: blob, Scope: vnetID, ScopeIsID: true, Subscription: "00000000-0000-0000-0000-000000000001"},
		}},
		{"an existing spoke, the hub's zones", head + "pattern: private-endpoint\nresource_group: {name: rg-x, existing: true}\nnetwork:\n  vnet: {name: vnet-spoke, existing: true, resource_group: rg-net}\n  subnet: {name: snet-pep, existing: true}\ndns:\n  mode: existing\n  zone_ids: {" + blob + ": " + zoneID + "}\n", []Claim{st}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, diags := Load([]byte(tc.src), "w.yaml", PhaseNone)
			if diags.HasErrors() {
				t.Fatal(diags.Error())
			}
			if diff := cmp.Diff(tc.want, m.Claims(), cmpopts.IgnoreFields(Claim{}, "At", "PrefixesAt")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Keys compare names, not letter case; an ID scope by its resource
	// group and name.
	a := Claim{Kind: ClaimZoneLink, Name: blob, Scope: "RG-NET/Vnet-Spoke"}
	b := Claim{Kind: ClaimZoneLink, Name: blob, Scope: vnetID, ScopeIsID: true}
	if a.Key() != b.Key() {
		t.Errorf("keys %q and %q differ", a.Key(), b.Key())
	}
}

// TestClaimsAt: each claim is where its name was given: a field of the
// manifest, the repo defaults' naming template that rendered it or the
// inherited link_vnet_ids entry, else the manifest's name (a default name
// derives from it). A network's and a subnet's prefixes are where the
// manifest gives them, else where the name is.
func TestClaimsAt(t *testing.T) {
	const hubID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"
	defaults := "apiVersion: endpointgen/v1\nnaming:\n  resource_group: \"rg-{{ .Name }}\"\ndns:\n  link_vnet_ids:\n    - " + hubID + "\n"
	d, diags := LoadRepoDefaults([]byte(defaults), "endpointgen.yaml")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	src := "apiVersion: endpointgen/v1\nname: app\nlocation: westeurope\npattern: private-endpoint\nnetwork:\n  vnet: {name: vnet-x}\n  subnet: {address_prefixes: [10.0.9.0/24]}\nservices:\n  - type: storage\n    name: stapp01\n  - type: key_vault\n    name: kv-app-01\n"
	m, diags := LoadWith([]byte(src), "w.yaml", PhaseNone, Inherit{Defaults: d})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[string]string{}
	for _, c := range m.Claims() {
		got[c.String()] = c.At
		if c.Prefixes != nil {
			got["the prefixes of "+c.String()] = c.PrefixesAt
		}
	}
	for what, want := range map[string]string{
		"the storage account stapp01":                                                                  "w.yaml:10:11",
		"the key vault kv-app-01":                                                                      "w.yaml:12:11",
		"the prefixes of the virtual network vnet-x in rg-app":                                         "w.yaml:6:16",
		"the prefixes of the subnet snet-app of the virtual network vnet-x in rg-app":                  "w.yaml:7:30",
		"the resource group rg-app":                                                                    "endpointgen.yaml:3:19",
		"the virtual network vnet-x in rg-app":                                                         "w.yaml:6:16",
		"the subnet snet-app of the virtual network vnet-x in rg-app":                                  "w.yaml:2:7",
		"a link of a private DNS zone privatelink.vaultcore.azure.net to the virtual network " + hubID: "endpointgen.yaml:6:7",
	} {
		if got[what] != want {
			t.Errorf("%s: at %q, want %q (all: %v)", what, got[what], want, got)
		}
	}
}
