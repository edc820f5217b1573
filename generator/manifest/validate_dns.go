package manifest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/names"
)

// dns checks the DNS settings against the mode and the zones the private
// endpoints need.
func (c *checker) dns(m *Manifest) {
	d := m.DNS
	if !m.PrivateEndpoints() {
		c.migrationOnly("dns", "dns", "")
		return
	}
	if d.Mode != DNSExisting {
		c.notApplicable("dns.zone_ids", "zone_ids name zones created elsewhere and apply only to dns.mode: existing.")
	}
	if d.Mode != DNSManaged {
		c.notApplicable("dns.link_vnet_ids", "link_vnet_ids link the zones endpointgen creates, in dns.mode: managed only.")
		c.notApplicable("dns.resolution_policy", "resolution_policy is set on the zone links endpointgen creates, in dns.mode: managed only.")
	} else if len(neededZones(m)) > 0 {
		c.dnsTagNames(m.Tags)
	}
	own := m.Network.VNet.ID
	if own == "" && m.Network.SubnetsByID() && subnetIDPattern.MatchString(m.Network.Subnets[0].ID) {
		own = SubnetVNetID(m.Network.Subnets[0].ID)
	}
	seenLinks := map[string]bool{}
	linkNames := map[string]int{}
	for i, id := range d.LinkVNetIDs {
		at := fmt.Sprintf("dns.link_vnet_ids[%d]", i)
		// A hub link is named RG-VNET after the VNet's resource group and
		// name, and so is its Terraform name.
		linkName := names.Label(IDSegment(id, "resourceGroups") + "-" + LastSegment(id))
		first, named := linkNames[linkName]
		switch {
		case !vnetIDPattern.MatchString(id):
			c.errorf(at, "Invalid resource ID", "%q is not a virtual network ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/NAME, SUB a subscription ID (a GUID).%s", id, idCaseHint(id, vnetIDPattern))
		case seenLinks[strings.ToLower(id)]:
			c.errorf(at, "Duplicate VNet link", "%q is listed twice; a zone can be linked to a VNet once.", id)
		case IDSegment(id, "subscriptions") != "" && isNilGUID(IDSegment(id, "subscriptions")):
			c.placeholderSubscription(at, id)
		case strings.EqualFold(id, own):
			c.errorf(at, "Duplicate VNet link", "%q is the workload's own VNet, which every zone is linked to already.", id)
		case named:
			c.errorf(at, "VNet links with one name", "The zone links to this VNet and to dns.link_vnet_ids[%d] are named after the VNet's resource group and name (RG-VNET), and both become %s; Terraform names keep only lowercase letters, digits and single underscores.",
				first, linkName)
		default:
			linkNames[linkName] = i
		}
		seenLinks[strings.ToLower(id)] = true
	}
	if d.Mode != DNSExisting {
		return
	}
	needed := neededZones(m)
	for _, zone := range sortedKeys(d.ZoneIDs) {
		id, at := d.ZoneIDs[zone], "dns.zone_ids."+zone
		if !slices.Contains(needed, zone) {
			c.errorf(at+keySuffix, "Zone not needed", "No private endpoint here uses %q.%s Needed: %s.", zone, suggest(zone, needed), strings.Join(needed, ", "))
			continue
		}
		c.zoneID(at, zone, id)
	}
	for _, zone := range needed {
		if _, ok := d.ZoneIDs[zone]; !ok {
			c.errorf("dns.mode", "Missing zone ID", "dns.mode: existing needs the ID of the hub's %q zone in dns.zone_ids.", zone)
		}
	}
}

// neededZones lists the private DNS zones the workload's endpoints
// register in, in the order of the services.
func neededZones(m *Manifest) []string {
	var needed []string
	for _, svc := range m.Services {
		for _, sub := range svc.Subresources {
			if zones, ok := catalog.PrivateDNSZones(string(svc.Type), sub, svc.Kind, m.Cloud); ok {
				for _, z := range zones {
					if !slices.Contains(needed, z) {
						needed = append(needed, z)
					}
				}
			}
		}
	}
	return needed
}

// zoneID checks that id, given at path for zone, is the ID of that zone.
func (c *checker) zoneID(path, zone, id string) {
	switch {
	case !zoneIDPattern.MatchString(id):
		c.errorf(path, "Invalid resource ID", "%q is not a private DNS zone ID: /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Network/privateDnsZones/%s, SUB a subscription ID (a GUID).%s", id, zone, idCaseHint(id, zoneIDPattern))
	case !strings.EqualFold(LastSegment(id), zone):
		c.errorf(path, "Zone ID names another zone", "The ID ends in %q, not %q: a private endpoint registers only in the zone of its exact privatelink name.", LastSegment(id), zone)
	default:
		c.placeholderSubscription(path, id)
	}
}

// dnsTagNames warns about the tag names that the private DNS zones and
// zone links a workload creates (managed DNS mode, tags = var.tags) would
// not keep: Azure DNS takes no tag name with spaces, parentheses, special
// or non-ASCII characters, or starting with a digit
// (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations);
// the provider sends it, the zone drops it, and every plan adds it again
// (https://github.com/hashicorp/terraform-provider-azurerm/issues/6129).
//
// A private DNS zone takes at most 15 tags, as Azure support answered in
// 2025 (https://github.com/Azure/azure-rest-api-specs/issues/13600), though
// Learn dropped that limit for private zones in 2022: more is a warning.
func (c *checker) dnsTagNames(tags map[string]string) {
	if len(tags) > 15 {
		c.warnf("tags"+keySuffix, "More tags than a DNS zone takes", "Private DNS zones are reported to take at most 15 tags, and the zones this workload creates get all %d: their creation may fail. Keep 15 or fewer, or keep the zones in a hub (dns.mode: existing).", len(tags))
	}
	for _, k := range sortedKeys(tags) {
		if dnsTagName(k) {
			continue
		}
		c.warnf("tags."+k+keySuffix, "Tag name Azure DNS does not keep", "%q is not a tag name Azure DNS supports (letters, digits, hyphens, underscores and periods, not starting with a digit): the private DNS zones and links this workload creates would drop it, and every plan would add it again. Rename the tag, or keep the zones in a hub (dns.mode: existing).", k)
	}
}

// dnsTagName reports whether Azure DNS keeps a tag of this name.
func dnsTagName(k string) bool {
	for i, r := range k {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == '-', r == '_', r == '.':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return k != ""
}
