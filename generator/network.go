package generator

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// network is how the generated module reaches the resource group, VNet and
// subnets: resources it creates, data sources for existing ones named in the
// manifest, or literal resource IDs. The resource group and VNet are
// singletons ("this"); subnets are labelled by their Azure names so that a
// second subnet later leaves the first one's address alone.
type network struct {
	m *Manifest

	rgName, rgLocation hclwrite.Tokens
	// vnetLocation is where private endpoints go: they must be in their
	// VNet's region, which for an existing VNet may differ from the
	// workload's location.
	vnetLocation hclwrite.Tokens
	vnetID       hclwrite.Tokens
	vnetName     string // Azure name, for link names
	subnets      []subnetRef
}

// subnetRef is one subnet of the workload and the expression of its ID.
type subnetRef struct {
	Subnet
	id hclwrite.Tokens
}

var (
	localVNetID    = ref{"local", "virtual_network_id"}
	resourceGroup  = ref{"azurerm_resource_group", "this"}
	virtualNetwork = ref{"azurerm_virtual_network", "this"}
	existingRG     = ref{"data", "azurerm_resource_group", "this"}
	existingVNet   = ref{"data", "azurerm_virtual_network", "this"}
	// clientConfig gives the tenant of the identity running Terraform.
	clientConfig = ref{"data", "azurerm_client_config", "current"}
)

func subnetResource(s Subnet) ref { return ref{"azurerm_subnet", label(s.Name)} }

func subnetData(s Subnet) ref { return ref{"data", "azurerm_subnet", label(s.Name)} }

// subnetLocal names the local holding a subnet ID given in the manifest.
func subnetLocal(s Subnet) ref { return ref{"local", label(s.Name) + "_subnet_id"} }

func literal(s string) hclwrite.Tokens { return hclwrite.TokensForValue(cty.StringVal(s)) }

func newNetwork(m *Manifest) network {
	n := network{m: m, vnetName: m.Network.VNet.Name}
	rg := resourceGroup
	if m.ResourceGroup.Existing {
		rg = existingRG
	}
	n.rgName, n.rgLocation = rg.dot("name").tokens(), rg.dot("location").tokens()

	vnet := m.Network.VNet
	n.vnetLocation = n.rgLocation
	switch {
	case vnet.ID != "":
		n.vnetID = localVNetID.tokens()
	case vnet.Existing:
		n.vnetID = existingVNet.dot("id").tokens()
		n.vnetLocation = existingVNet.dot("location").tokens()
	case m.Network.subnetsByID():
		n.vnetID, n.vnetName = localVNetID.tokens(), lastSegment(subnetVNetID(m.Network.Subnets[0].ID))
	default:
		n.vnetID = virtualNetwork.dot("id").tokens()
	}
	for _, s := range m.Network.Subnets {
		r := subnetRef{Subnet: s}
		switch {
		case s.ID != "":
			r.id = subnetLocal(s).tokens()
		case s.Existing:
			r.id = subnetData(s).dot("id").tokens()
		default:
			r.id = subnetResource(s).dot("id").tokens()
		}
		n.subnets = append(n.subnets, r)
	}
	return n
}

// endpointSubnet is the subnet that holds the private endpoints: the first
// with the endpoints role (validation makes sure there is one).
func (n network) endpointSubnet() subnetRef {
	for _, s := range n.subnets {
		if s.has(RoleEndpoints) {
			return s
		}
	}
	return n.subnets[0]
}

// workloadSubnets carry the service endpoints and are admitted by rules.
func (n network) workloadSubnets() []subnetRef {
	var out []subnetRef
	for _, s := range n.subnets {
		if s.has(RoleWorkload) {
			out = append(out, s)
		}
	}
	return out
}

// mainFile holds the resource group and the network, as resources or data
// sources.
func (w *workload) mainFile() *hclFile {
	n, m := w.net, w.Manifest
	f := newHCLFile("main.tf")
	if m.ResourceGroup.Existing {
		setString(f.block("data", existingRG[1:]...), "name", m.ResourceGroup.Name)
	} else {
		rg := f.block("resource", resourceGroup...)
		setString(rg, "name", m.ResourceGroup.Name)
		setString(rg, "location", m.Location)
		setRef(rg, "tags", tagsVar)
	}
	for _, svc := range m.Services {
		if serviceTypes[svc.Type].facts().NeedsTenant {
			f.block("data", clientConfig[1:]...)
			break
		}
	}

	vnet := m.Network.VNet
	byID := m.Network.subnetsByID()
	// Resource IDs given in the manifest are written once, as locals; the
	// VNet's only where zone links use it.
	_, migrating := w.pattern.(migrationPattern)
	linksVNet := (m.Pattern == PatternPrivateEndpoint || migrating) && m.DNS.Mode == DNSManaged
	if (linksVNet && (vnet.ID != "" || byID)) || byID {
		locals := f.block("locals")
		if linksVNet {
			vnetID := vnet.ID
			if vnetID == "" {
				vnetID = subnetVNetID(m.Network.Subnets[0].ID)
			}
			setString(locals, "virtual_network_id", vnetID)
		}
		for _, s := range m.Network.Subnets {
			if s.ID != "" {
				setString(locals, subnetLocal(s)[1], s.ID)
			}
		}
	}
	vnetName, vnetRG := virtualNetwork.dot("name").tokens(), n.rgName
	switch {
	case vnet.ID != "":
		vnetName, vnetRG = literal(lastSegment(vnet.ID)), literal(idSegment(vnet.ID, "resourceGroups"))
	case byID:
	case vnet.Existing:
		d := f.block("data", existingVNet[1:]...)
		setString(d, "name", vnet.Name)
		setString(d, "resource_group_name", vnet.ResourceGroup)
		vnetName, vnetRG = existingVNet.dot("name").tokens(), existingVNet.dot("resource_group_name").tokens()
	default:
		b := f.block("resource", virtualNetwork...)
		setString(b, "name", vnet.Name)
		w.placeIn(b)
		setStrings(b, "address_space", vnet.AddressSpace)
		setRef(b, "tags", tagsVar)
	}

	for _, subnet := range m.Network.Subnets {
		switch {
		case subnet.ID != "":
		case subnet.Existing:
			d := f.block("data", subnetData(subnet)[1:]...)
			setString(d, "name", subnet.Name)
			d.SetAttributeRaw("virtual_network_name", vnetName)
			d.SetAttributeRaw("resource_group_name", vnetRG)
		default:
			// A standalone subnet, never one inline in the VNet: the two
			// styles fight each other (pitfalls.md #23).
			b := f.block("resource", subnetResource(subnet)...)
			setString(b, "name", subnet.Name)
			b.SetAttributeRaw("resource_group_name", vnetRG)
			b.SetAttributeRaw("virtual_network_name", vnetName)
			setStrings(b, "address_prefixes", subnet.AddressPrefixes)
			if eps := w.pattern.serviceEndpoints(w); len(eps) > 0 && subnet.has(RoleWorkload) {
				w.major.serviceEndpoints(b, eps)
			}
		}
	}
	return f
}

// outputs are the IDs of the network resources the module creates.
func (n network) outputs() []output {
	var outs []output
	if !n.m.ResourceGroup.Existing {
		outs = append(outs, output{"resource_group_id", "ID of the resource group.", resourceGroup.dot("id").tokens()})
	}
	if !n.m.Network.VNet.existing() && !n.m.Network.subnetsByID() {
		outs = append(outs, output{"virtual_network_id", "ID of the virtual network.", virtualNetwork.dot("id").tokens()})
	}
	for _, s := range n.subnets {
		if s.existing() {
			continue
		}
		name, desc := label(s.Name)+"_subnet_id", "ID of the subnet "+s.Name+"."
		if len(n.subnets) == 1 {
			name, desc = "subnet_id", "ID of the workload subnet."
		}
		outs = append(outs, output{name, desc, s.id})
	}
	return outs
}

// subnetVNetID is the VNet part of a subnet ID (…/virtualNetworks/NAME), ""
// when the ID has no "/subnets/" segment (validation reports that).
func subnetVNetID(subnetID string) string {
	i := strings.LastIndex(subnetID, "/subnets/")
	if i < 0 {
		return ""
	}
	return subnetID[:i]
}

// idSegment returns the value after key in an Azure resource ID
// (/subscriptions/S/resourceGroups/RG/… with key "resourceGroups" gives RG).
func idSegment(id, key string) string {
	parts := strings.Split(strings.Trim(id, "/"), "/")
	for i := 0; i+1 < len(parts); i++ {
		if strings.EqualFold(parts[i], key) {
			return parts[i+1]
		}
	}
	return ""
}
