package azurerm

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A subnet kept whose address_prefixes lose an element is listed, with the
// private endpoints kept in it (through a reference, a local or a data
// source of its name); not where prefixes are only added, the list is the
// same value however written, the subnet is replaced, or ignore_changes
// holds the argument.
func TestPrefixesDropped(t *testing.T) {
	root := func(prefixes, extra string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`variable "prefixes" {
  default = ["10.0.9.0/24"]
}
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
  address_prefixes     = ` + prefixes + `
}
resource "azurerm_private_endpoint" "blob" {
  name      = "pe-blob"
  subnet_id = azurerm_subnet.pe.id
}
` + extra)}
	}
	const one, two = `["10.0.1.0/24"]`, `["10.0.1.0/24", "10.0.2.0/24"]`
	viaLocal := `locals {
  subnet = azurerm_subnet.pe.id
}
resource "azurerm_private_endpoint" "file" {
  name      = "pe-file"
  subnet_id = local.subnet
}
data "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = "vnet"
}
resource "azurerm_private_endpoint" "dfs" {
  name      = "pe-dfs"
  subnet_id = data.azurerm_subnet.pe.id
}
`
	otherSubnet := `resource "azurerm_private_endpoint" "queue" {
  name      = "pe-queue"
  subnet_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/other"
}
`
	blob := []string{"azurerm_private_endpoint.blob"}
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    []PrefixDropped
	}{
		{"moved to another range", root(one, ""), root(`["10.0.3.0/24"]`, ""), []PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: blob, All: true}}},
		// The other kept: the endpoint may have its address there.
		{"one of two taken out", root(two, ""), root(`["10.0.2.0/24"]`, ""), []PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: blob}}},
		{"added only", root(one, ""), root(two, ""), nil},
		{"the same, written otherwise", root(`["10.0.9.0/24"]`, ""), root("var.prefixes", ""), nil},
		// A variable's default is compared by value.
		{"through a variable", root("var.prefixes", ""), root(one, ""), []PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.9.0/24"`}, Endpoints: blob, All: true}}},
		{"to a variable that keeps one", root(`["10.0.9.0/24", "10.0.8.0/24"]`, ""), root("var.prefixes", ""), []PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.8.0/24"`}, Endpoints: blob}}},
		{"through an expression", root("concat(var.prefixes)", ""), root(one, ""), []PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{"concat(var.prefixes)"}, Endpoints: blob}}},
		{"endpoints through a local and a data source; one elsewhere", root(one, viaLocal+otherSubnet), root(`["10.0.3.0/24"]`, viaLocal+otherSubnet),
			[]PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: []string{"azurerm_private_endpoint.blob", "azurerm_private_endpoint.dfs", "azurerm_private_endpoint.file"}, All: true}}},
		{"an endpoint the change creates holds no address yet", root(one, ""), root(`["10.0.3.0/24"]`, viaLocal),
			[]PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: blob, All: true}}},
		{"the endpoint replaced, none kept", root(one, ""), map[string][]byte{"main.tf": []byte(strings.Replace(string(root(`["10.0.3.0/24"]`, "")["main.tf"]), `"pe-blob"`, `"pe-blob-2"`, 1))},
			[]PrefixDropped{{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, All: true}}},
		{"its network replaced", root(one, "resource \"azurerm_virtual_network\" \"this\" {\n  name = \"vnet\"\n  location = \"westeurope\"\n}\n"),
			map[string][]byte{"main.tf": []byte(strings.Replace(string(root(`["10.0.3.0/24"]`, "resource \"azurerm_virtual_network\" \"this\" {\n  name = \"vnet\"\n  location = \"northeurope\"\n}\n")["main.tf"]), `virtual_network_name = "vnet"`, `virtual_network_name = azurerm_virtual_network.this.name`, 1))}, nil},
		{"the subnet replaced", root(one, ""), map[string][]byte{"main.tf": []byte(strings.Replace(string(root(`["10.0.3.0/24"]`, "")["main.tf"]), `"snet-pe"`, `"snet-pe-2"`, 1))}, nil},
		{"ignored", root(one, ""), map[string][]byte{"main.tf": []byte(strings.Replace(string(root(`["10.0.3.0/24"]`, "")["main.tf"]), "address_prefixes     = [\"10.0.3.0/24\"]\n", "address_prefixes     = [\"10.0.3.0/24\"]\n  lifecycle {\n    ignore_changes = [address_prefixes]\n  }\n", 1))}, nil},
	} {
		changes, err := Compare(c.was, c.is)
		if err != nil {
			t.Fatal(c.name, err)
		}
		if diff := cmp.Diff(c.want, changes.Dropped); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.name, diff)
		}
	}
	// Where the subnet keeps a prefix, the endpoints may be in it.
	for _, c := range []struct {
		p    PrefixDropped
		want string
	}{
		{PrefixDropped{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: blob, All: true},
			`azurerm_subnet.pe loses address prefix "10.0.1.0/24", which the private endpoint azurerm_private_endpoint.blob has addresses in: the apply fails there (InUsePrefixCannotBeDeleted)`},
		{PrefixDropped{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`}, Endpoints: []string{"azurerm_private_endpoint.blob", "azurerm_private_endpoint.file"}},
			`azurerm_subnet.pe loses address prefix "10.0.1.0/24": the apply fails if the private endpoints azurerm_private_endpoint.blob, azurerm_private_endpoint.file, or anything else, have addresses in it (InUsePrefixCannotBeDeleted)`},
		{PrefixDropped{Addr: "azurerm_subnet.pe", Prefixes: []string{`"10.0.1.0/24"`, `"10.0.2.0/24"`}, All: true},
			`azurerm_subnet.pe loses address prefixes "10.0.1.0/24", "10.0.2.0/24": the apply fails if anything (a workload's network interface, another root's private endpoint) has an address in it`},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("String:\n got %s\nwant %s", got, c.want)
		}
	}
}

// A virtual network kept whose address space leaves out a prefix a kept
// subnet of its had is listed, with that subnet; not when the space grows
// or keeps the old range beside a new one, when the subnet goes (deleted
// or replaced, before the network's update), or when the space is not a
// list literal.
func TestSpacesShrunk(t *testing.T) {
	root := func(space, subnetName, prefixes, vnetRef string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_virtual_network" "this" {
  name                = "vnet-app"
  resource_group_name = "rg"
  address_space       = ` + space + `
}
resource "azurerm_subnet" "app" {
  name                 = "` + subnetName + `"
  resource_group_name  = "rg"
  virtual_network_name = ` + vnetRef + `
  address_prefixes     = ` + prefixes + `
}
`)}
	}
	const ref, literal = "azurerm_virtual_network.this.name", `"vnet-app"`
	was := root(`["10.20.0.0/16"]`, "snet-app", `["10.20.1.0/24"]`, ref)
	moved := []SpaceShrunk{{Addr: "azurerm_virtual_network.this", Outside: []string{`azurerm_subnet.app ("10.20.1.0/24")`}}}
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    []SpaceShrunk
	}{
		{"moved with its subnet", was, root(`["10.30.0.0/16"]`, "snet-app", `["10.30.1.0/24"]`, ref), moved},
		{"narrowed past the subnet", was, root(`["10.20.128.0/17"]`, "snet-app", `["10.20.1.0/24"]`, ref), []SpaceShrunk{{Addr: "azurerm_virtual_network.this", Outside: []string{`azurerm_subnet.app ("10.20.1.0/24")`}}}},
		{"narrowed, the subnet still in", was, root(`["10.20.0.0/20"]`, "snet-app", `["10.20.1.0/24"]`, ref), nil},
		{"narrowed into the subnet", was, root(`["10.20.1.0/25"]`, "snet-app", `["10.20.1.0/24"]`, ref), []SpaceShrunk{{Addr: "azurerm_virtual_network.this", Outside: []string{`azurerm_subnet.app ("10.20.1.0/24")`}}}},
		{"another network's subnet", root(`["10.20.0.0/16"]`, "snet-app", `["10.20.1.0/24"]`, `"vnet-other"`), root(`["10.30.0.0/16"]`, "snet-app", `["10.20.1.0/24"]`, `"vnet-other"`), nil},
		{"grown", was, root(`["10.0.0.0/8"]`, "snet-app", `["10.20.1.0/24"]`, ref), nil},
		{"the old range kept beside a new one", was, root(`["10.20.0.0/16", "10.30.0.0/16"]`, "snet-app", `["10.30.1.0/24"]`, ref), nil},
		{"the subnet by the network's name as written", root(`["10.20.0.0/16"]`, "snet-app", `["10.20.1.0/24"]`, literal), root(`["10.30.0.0/16"]`, "snet-app", `["10.30.1.0/24"]`, literal), moved},
		{"the subnet replaced", was, root(`["10.30.0.0/16"]`, "snet-app-2", `["10.30.1.0/24"]`, ref), nil},
		{"the subnet deleted", was, map[string][]byte{"main.tf": []byte("resource \"azurerm_virtual_network\" \"this\" {\n  name                = \"vnet-app\"\n  resource_group_name = \"rg\"\n  address_space       = [\"10.30.0.0/16\"]\n}\n")}, nil},
		{"not a list literal", was, root(`var.space`, "snet-app", `["10.30.1.0/24"]`, ref), nil},
	} {
		changes, err := Compare(c.was, c.is)
		if err != nil {
			t.Fatal(c.name, err)
		}
		if diff := cmp.Diff(c.want, changes.Shrunk); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.name, diff)
		}
	}
	if got, want := moved[0].String(), `azurerm_virtual_network.this leaves out of its address space what its subnets hold: azurerm_subnet.app ("10.20.1.0/24"); the apply fails there (keep the old range beside the new one until no subnet is in it)`; got != want {
		t.Errorf("String:\n got %s\nwant %s", got, want)
	}
}
