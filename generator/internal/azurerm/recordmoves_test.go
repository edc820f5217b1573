package azurerm

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A private endpoint kept whose DNS zone group names other zones moves its
// records out of the zones it leaves: from a hub's zones to the module's
// own and back, to another hub, through a variable or local, from a group
// Azure Policy made. A zone added, the same zone written otherwise or in
// other letter case, a zone replaced, a group whose changes are ignored,
// or an endpoint replaced or deleted is not a move (Replacements lists
// what is destroyed).
func TestRecordMoves(t *testing.T) {
	const hub = `"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"`
	const cosmos = `"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com"`
	const hub2 = `"/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net"`
	// root is a module with one blob endpoint whose zone group holds ids,
	// with extra blocks (a managed zone, a variable, a lifecycle).
	root := func(subnet, group, lifecycle, extra string) map[string][]byte {
		return map[string][]byte{"main.tf": fmt.Appendf(nil, `
resource "azurerm_private_dns_zone" "blob" {
  name                = "privatelink.blob.core.windows.net"
  resource_group_name = "rg-app"
}
resource "azurerm_private_endpoint" "blob" {
  name      = "pe-st01-blob"
  subnet_id = %s
  private_service_connection {
    subresource_names = ["blob"]
  }
%s
%s
}
%s`, subnet, group, lifecycle, extra)}
	}
	group := func(ids string) string {
		return "  private_dns_zone_group {\n    name = \"default\"\n    private_dns_zone_ids = " + ids + "\n  }"
	}
	const subnet, policy = "azurerm_subnet.app.id", "  lifecycle {\n    ignore_changes = [private_dns_zone_group]\n  }"
	hubRoot := root(subnet, group("["+hub+"]"), "", "")
	managed := root(subnet, group("[azurerm_private_dns_zone.blob.id]"), "", "")
	variable := func(id string) string { return "variable \"zones\" {\n  default = [" + id + "]\n}\n" }
	const move = "azurerm_private_endpoint.blob: its records move "
	const link = `resource "azurerm_private_dns_zone_virtual_network_link" "blob" {
  name                  = "link-app"
  private_dns_zone_name = azurerm_private_dns_zone.blob.name
  virtual_network_id    = azurerm_virtual_network.app.id
}
`
	secondEndpoint := func(ids string) string {
		return "resource \"azurerm_private_endpoint\" \"blob2\" {\n  name      = \"pe-st02-blob\"\n  subnet_id = " + subnet + "\n" + group(ids) + "\n}\n"
	}
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    []string
	}{
		{"hub to managed", hubRoot, managed, []string{move + "from " + hub + " to azurerm_private_dns_zone.blob.id"}},
		{"managed to hub", managed, hubRoot, []string{move + "from azurerm_private_dns_zone.blob.id to " + hub}},
		{"another hub", hubRoot, root(subnet, group("["+hub2+"]"), "", ""), []string{move + "from " + hub + " to " + hub2}},
		// Of two zones, the one that changes.
		{"one of two", root(subnet, group("["+hub+", "+cosmos+"]"), "", ""), root(subnet, group("["+hub2+", "+cosmos+"]"), "", ""), []string{move + "from " + hub + " to " + hub2}},
		{"one of two left", root(subnet, group("["+hub+", "+cosmos+"]"), "", ""), hubRoot, []string{"azurerm_private_endpoint.blob: its records leave " + cosmos}},
		{"a zone added", hubRoot, root(subnet, group("["+hub+", "+cosmos+"]"), "", ""), nil},
		{"the same zones written otherwise", hubRoot, root(subnet, group("[\n      "+hub+", # the hub's\n    ]"), "", ""), nil},
		{"the same zones in other letter case", hubRoot, root(subnet, group("["+strings.ToUpper(hub)+"]"), "", ""), nil},
		{"the same zone through a local", hubRoot, root(subnet, group("[local.hub]"), "", "locals {\n  hub = "+hub+"\n}\n"), nil},
		{"a variable's default", root(subnet, group("var.zones"), "", variable(hub)), root(subnet, group("var.zones"), "", variable(hub2)),
			[]string{move + "to other zones: its private_dns_zone_ids refers to var.zones, whose value changes from [" + hub + "] to [" + hub2 + "]"}},
		{"a local", root(subnet, group("local.zones"), "", "locals {\n  zones = ["+hub+"]\n}\n"), root(subnet, group("local.zones"), "", "locals {\n  zones = ["+hub2+"]\n}\n"),
			[]string{move + "to other zones: its private_dns_zone_ids refers to local.zones, whose value changes from [" + hub + "] to [" + hub2 + "]"}},
		// An element written the same that reads another zone.
		{"a local in the list", root(subnet, group("[local.hub]"), "", "locals {\n  hub = "+hub+"\n}\n"), root(subnet, group("[local.hub]"), "", "locals {\n  hub = "+hub2+"\n}\n"),
			[]string{move + "to other zones: its private_dns_zone_ids refers to local.hub, whose value changes from " + hub + " to " + hub2}},
		{"a data source in the list", root(subnet, group("[data.azurerm_private_dns_zone.hub.id]"), "", zoneData("rg-hub")), root(subnet, group("[data.azurerm_private_dns_zone.hub.id]"), "", zoneData("rg-hub2")),
			[]string{move + `to other zones: its private_dns_zone_ids refers to data.azurerm_private_dns_zone.hub, whose resource_group_name changes from "rg-hub" to "rg-hub2"`}},
		{"each.value in the list", forEach(hub), forEach(hub2), []string{move + "to other zones: its private_dns_zone_ids refers to each.value, which changes them"}},
		{"each.value, another key added", forEach(hub), forEach(hub + `, file = "x"`), nil},
		// The group taken out: azurerm deletes it, records and all.
		{"the group taken out", hubRoot, root(subnet, "", "", ""), []string{"azurerm_private_endpoint.blob: its records leave " + hub}},
		// The zone's replacement is listed by Replacements.
		{"the managed zone replaced", managed, map[string][]byte{"main.tf": bytes.Replace(managed["main.tf"], []byte(`"rg-app"`), []byte(`"rg-app-dns"`), 1)}, nil},
		{"to Azure Policy", hubRoot, root(subnet, "", policy, ""), nil},
		// The group stays, naming the module's zone, which goes.
		{"to Azure Policy from managed zones", managed, withoutZone(root(subnet, "", policy, "")), []string{
			"azurerm_private_endpoint.blob: its DNS zone group, left to Azure Policy now, stays as it is and names zones this change deletes (azurerm_private_dns_zone.blob.id), so no record of it is left, and Azure Policy adds no group to an endpoint that has one: delete the group after applying (az network private-endpoint dns-zone-group delete --resource-group RG --endpoint-name pe-st01-blob --name default)"}},
		{"to Azure Policy, the managed zones kept", managed, root(subnet, "", policy, ""), nil},
		// The zone the records leave, deleted with its link: said with the
		// move (generate leaves them out of the deletions it lists).
		{"managed to hub, the zone and its link deleted", root(subnet, group("[azurerm_private_dns_zone.blob.id]"), "", link), withoutZone(hubRoot), []string{
			move + "from azurerm_private_dns_zone.blob.id to " + hub + "; the change deletes azurerm_private_dns_zone.blob, azurerm_private_dns_zone_virtual_network_link.blob"}},
		{"to Azure Policy from managed zones, with a link", root(subnet, group("[azurerm_private_dns_zone.blob.id]"), "", link), withoutZone(root(subnet, "", policy, "")), []string{
			"azurerm_private_endpoint.blob: its DNS zone group, left to Azure Policy now, stays as it is and names zones this change deletes (azurerm_private_dns_zone.blob.id), so no record of it is left, and Azure Policy adds no group to an endpoint that has one: delete the group after applying (az network private-endpoint dns-zone-group delete --resource-group RG --endpoint-name pe-st01-blob --name default); it deletes their virtual network links too: azurerm_private_dns_zone_virtual_network_link.blob"}},
		// Two endpoints leave one zone: it is named with the first.
		{"two endpoints leave one zone", root(subnet, group("[azurerm_private_dns_zone.blob.id]"), "", secondEndpoint("[azurerm_private_dns_zone.blob.id]")), withoutZone(root(subnet, group("["+hub+"]"), "", secondEndpoint("["+hub+"]"))), []string{
			move + "from azurerm_private_dns_zone.blob.id to " + hub + "; the change deletes azurerm_private_dns_zone.blob",
			"azurerm_private_endpoint.blob2: its records move from azurerm_private_dns_zone.blob.id to " + hub}},
		// The provider reads the policy's group into the state; the
		// module's replaces it.
		{"from Azure Policy", root(subnet, "", policy, ""), managed, []string{
			"azurerm_private_endpoint.blob: its DNS zone group, left to Azure Policy so far, becomes the module's: its records move from the zones the policy chose to [azurerm_private_dns_zone.blob.id] (a brief gap where those are the same)"}},
		{"its changes ignored", hubRoot, root(subnet, group("[azurerm_private_dns_zone.blob.id]"), policy, ""), nil},
		{"the endpoint replaced", hubRoot, root("azurerm_subnet.other.id", group("[azurerm_private_dns_zone.blob.id]"), "", ""), nil},
		{"the endpoint deleted", hubRoot, map[string][]byte{"main.tf": []byte("")}, nil},
		// Replacements are not compared across majors; moves are.
		{"another major", withVersions(hubRoot, "~> 4.81"), withVersions(managed, "~> 5.2"), []string{move + "from " + hub + " to azurerm_private_dns_zone.blob.id"}},
	} {
		changes, err := Compare(c.was, c.is)
		if err != nil {
			t.Fatal(c.name, err)
		}
		var got []string
		for _, m := range changes.Moves {
			got = append(got, m.String())
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.name, diff)
		}
	}
}

// withVersions is files with a versions.tf that pins azurerm to version.
func withVersions(files map[string][]byte, version string) map[string][]byte {
	out := map[string][]byte{"versions.tf": fmt.Appendf(nil, "terraform {\n  required_providers {\n    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = %q\n    }\n  }\n}\n", version)}
	for name, b := range files {
		out[name] = b
	}
	return out
}

// withoutZone is files without the private DNS zone "blob" block.
func withoutZone(files map[string][]byte) map[string][]byte {
	src := string(files["main.tf"])
	start := strings.Index(src, `resource "azurerm_private_dns_zone" "blob" {`)
	end := start + strings.Index(src[start:], "}\n") + 2
	return map[string][]byte{"main.tf": []byte(src[:start] + src[end:])}
}

// zoneData is a data source of the blob zone in resource group rg.
func zoneData(rg string) string {
	return "data \"azurerm_private_dns_zone\" \"hub\" {\n  name                = \"privatelink.blob.core.windows.net\"\n  resource_group_name = \"" + rg + "\"\n}\n"
}

// forEach is a root with one endpoint per key of a for_each map, its zone
// IDs each.value, the map's blob key holding zones.
func forEach(zones string) map[string][]byte {
	return map[string][]byte{"main.tf": []byte(`resource "azurerm_private_endpoint" "blob" {
  for_each  = { blob = ` + zones + ` }
  name      = "pe-${each.key}"
  subnet_id = azurerm_subnet.app.id
  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [each.value]
  }
}
`)}
}

// A service whose public network access turns off is listed, with the
// private endpoints to it the change creates: on or left out before, off
// after (either argument); not when it stays off or is replaced.
func TestAccessClosed(t *testing.T) {
	root := func(access, endpoints string) map[string][]byte {
		return map[string][]byte{"main.tf": []byte(`resource "azurerm_storage_account" "st" {
  name = "st01"
  ` + access + `
}
resource "azurerm_mysql_flexible_server" "db" {
  name                  = "mysql-01"
  public_network_access = "Enabled"
}
` + endpoints)}
	}
	const pe = `resource "azurerm_private_endpoint" "blob" {
  name = "pe-blob"
  private_service_connection {
    private_connection_resource_id = azurerm_storage_account.st.id
  }
}
`
	off := "public_network_access_enabled = false"
	for _, c := range []struct {
		name    string
		was, is map[string][]byte
		want    []AccessClosed
	}{
		{"on to off, with an endpoint", root("public_network_access_enabled = true", ""), root(off, pe), []AccessClosed{{Addr: "azurerm_storage_account.st", NewEndpoints: []string{"azurerm_private_endpoint.blob"}}}},
		{"left out to off", root("", ""), root(off, ""), []AccessClosed{{Addr: "azurerm_storage_account.st"}}},
		{"the endpoint there before", root("", pe), root(off, pe), []AccessClosed{{Addr: "azurerm_storage_account.st"}}},
		{"off already", root(off, ""), root(off, pe), nil},
		{"replaced", root("", ""), map[string][]byte{"main.tf": []byte(strings.Replace(string(root(off, "")["main.tf"]), `"st01"`, `"st02"`, 1))}, nil},
		{"a flexible server's string", root(off, ""), map[string][]byte{"main.tf": []byte(strings.Replace(string(root(off, "")["main.tf"]), `"Enabled"`, `"Disabled"`, 1))}, []AccessClosed{{Addr: "azurerm_mysql_flexible_server.db"}}},
	} {
		changes, err := Compare(c.was, c.is)
		if err != nil {
			t.Fatal(c.name, err)
		}
		if diff := cmp.Diff(c.want, changes.Closed); diff != "" {
			t.Errorf("%s (-want +got)\n%s", c.name, diff)
		}
	}
}
