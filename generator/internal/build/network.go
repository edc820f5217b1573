package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// network is how the generated module reaches the resource group, VNet and
// subnets: resources it creates, data sources for existing ones named in the
// manifest, or literal resource IDs. The resource group and VNet are
// singletons ("this"); subnets are labelled by their Azure names so that a
// second subnet later leaves the first one's address alone.
type network struct {
	m *manifest.Manifest

	rgName hclwrite.Tokens
	// rgLocation is where the workload's resources go: the manifest's
	// location, as the created resource group's location or, in a resource
	// group that exists already (which may be elsewhere), as a literal.
	rgLocation hclwrite.Tokens
	// vnetLocation is where private endpoints go: they must be in their
	// VNet's region ("Private endpoint properties",
	// https://learn.microsoft.com/azure/private-link/private-endpoint-overview),
	// which for an existing VNet may differ from the workload's location:
	// read from the VNet read by name, network.vnet.location for one given
	// by ID (which a data source may not reach in another subscription).
	vnetLocation hclwrite.Tokens
	vnetID       hclwrite.Tokens
	vnetName     string // Azure name, for link names
	subnets      []subnetRef
}

// subnetRef is one subnet of the workload and the expression of its ID.
type subnetRef struct {
	manifest.Subnet
	id hclwrite.Tokens
}

var (
	localVNetID    = hclgen.Ref{"local", "virtual_network_id"}
	resourceGroup  = hclgen.Ref{"azurerm_resource_group", "this"}
	virtualNetwork = hclgen.Ref{"azurerm_virtual_network", "this"}
	existingRG     = hclgen.Ref{"data", "azurerm_resource_group", "this"}
	existingVNet   = hclgen.Ref{"data", "azurerm_virtual_network", "this"}
	// clientConfig gives the tenant of the identity running Terraform.
	clientConfig = hclgen.Ref{"data", "azurerm_client_config", "current"}
)

func subnetResource(s manifest.Subnet) hclgen.Ref {
	return hclgen.Ref{"azurerm_subnet", names.Label(s.Name)}
}

// subnetNSG is the network security group of a subnet the module creates.
func subnetNSG(s manifest.Subnet) hclgen.Ref {
	return hclgen.Ref{"azurerm_network_security_group", names.Label(s.Name)}
}

// createsSubnets reports whether the module creates any subnet.
func (n network) createsSubnets() bool {
	for _, s := range n.subnets {
		if !s.IsExisting() {
			return true
		}
	}
	return false
}

func subnetData(s manifest.Subnet) hclgen.Ref {
	return hclgen.Ref{"data", "azurerm_subnet", names.Label(s.Name)}
}

// subnetLocal names the local holding a subnet ID given in the manifest.
func subnetLocal(s manifest.Subnet) hclgen.Ref {
	return hclgen.Ref{"local", names.Label(s.Name) + "_subnet_id"}
}

func newNetwork(m *manifest.Manifest) network {
	n := network{m: m, vnetName: m.Network.VNet.Name}
	rg := resourceGroup
	if m.ResourceGroup.Existing {
		rg = existingRG
	}
	n.rgName, n.rgLocation = rg.Dot("name").Tokens(), rg.Dot("location").Tokens()
	if m.ResourceGroup.Existing {
		n.rgLocation = hclgen.Literal(m.Location)
	}

	vnet := m.Network.VNet
	n.vnetLocation = n.rgLocation
	if vnet.Location != "" {
		n.vnetLocation = hclgen.Literal(vnet.Location)
	}
	switch {
	case vnet.ID != "":
		n.vnetID = localVNetID.Tokens()
	case vnet.Existing:
		n.vnetID = existingVNet.Dot("id").Tokens()
		n.vnetLocation = existingVNet.Dot("location").Tokens()
	case m.Network.SubnetsByID():
		n.vnetID, n.vnetName = localVNetID.Tokens(), manifest.LastSegment(manifest.SubnetVNetID(m.Network.Subnets[0].ID))
	default:
		n.vnetID = virtualNetwork.Dot("id").Tokens()
	}
	for _, s := range m.Network.Subnets {
		r := subnetRef{Subnet: s}
		switch {
		case s.ID != "":
			r.id = subnetLocal(s).Tokens()
		case s.Existing:
			r.id = subnetData(s).Dot("id").Tokens()
		default:
			r.id = subnetResource(s).Dot("id").Tokens()
		}
		n.subnets = append(n.subnets, r)
	}
	return n
}

// endpointSubnet is the subnet that holds the private endpoints: the first
// with the endpoints role (validation makes sure there is one).
func (n network) endpointSubnet() subnetRef {
	for _, s := range n.subnets {
		if s.Has(manifest.RoleEndpoints) {
			return s
		}
	}
	return n.subnets[0]
}

// workloadSubnets carry the service endpoints and are admitted by rules.
func (n network) workloadSubnets() []subnetRef {
	var out []subnetRef
	for _, s := range n.subnets {
		if s.Has(manifest.RoleWorkload) {
			out = append(out, s)
		}
	}
	return out
}

// mainFile holds the resource group and the network, as resources or data
// sources.
func (w *workload) mainFile() *hclgen.File {
	n, m := w.net, w.Manifest
	f := hclgen.NewFile("main.tf")
	if m.ResourceGroup.Existing {
		hclgen.SetString(f.Block("data", existingRG[1:]...), "name", m.ResourceGroup.Name)
	} else {
		rg := f.Block("resource", resourceGroup...)
		hclgen.SetString(rg, "name", m.ResourceGroup.Name)
		hclgen.SetString(rg, "location", m.Location)
		hclgen.SetRef(rg, "tags", tagsVar)
	}
	for _, svc := range m.Services {
		if facts(svc).NeedsTenant {
			f.Block("data", clientConfig[1:]...)
			break
		}
	}

	vnet := m.Network.VNet
	byID := m.Network.SubnetsByID()
	// Resource IDs given in the manifest are written once, as locals; the
	// VNet's only where zone links use it.
	linksVNet := m.PrivateEndpoints() && m.DNS.Mode == manifest.DNSManaged
	if (linksVNet && (vnet.ID != "" || byID)) || byID {
		locals := f.Block("locals")
		if linksVNet {
			vnetID := vnet.ID
			if vnetID == "" {
				vnetID = manifest.SubnetVNetID(m.Network.Subnets[0].ID)
			}
			hclgen.SetString(locals, "virtual_network_id", vnetID)
		}
		for _, s := range m.Network.Subnets {
			if s.ID != "" {
				hclgen.SetString(locals, subnetLocal(s)[1], s.ID)
			}
		}
	}
	vnetName, vnetRG := virtualNetwork.Dot("name").Tokens(), n.rgName
	switch {
	case vnet.ID != "":
		vnetName, vnetRG = hclgen.Literal(manifest.LastSegment(vnet.ID)), hclgen.Literal(manifest.IDSegment(vnet.ID, "resourceGroups"))
	case byID:
	case vnet.Existing:
		d := f.Block("data", existingVNet[1:]...)
		hclgen.SetString(d, "name", vnet.Name)
		hclgen.SetString(d, "resource_group_name", vnet.ResourceGroup)
		vnetName, vnetRG = existingVNet.Dot("name").Tokens(), existingVNet.Dot("resource_group_name").Tokens()
	default:
		b := f.Block("resource", virtualNetwork...)
		hclgen.SetString(b, "name", vnet.Name)
		w.placeIn(b)
		hclgen.SetStrings(b, "address_space", vnet.AddressSpace)
		hclgen.SetRef(b, "tags", tagsVar)
	}

	for _, subnet := range m.Network.Subnets {
		switch {
		case subnet.ID != "":
		case subnet.Existing:
			d := f.Block("data", subnetData(subnet)[1:]...)
			hclgen.SetString(d, "name", subnet.Name)
			d.SetAttributeRaw("virtual_network_name", vnetName)
			d.SetAttributeRaw("resource_group_name", vnetRG)
		default:
			// Every subnet the module creates has a network security group
			// (Azure.VNET.UseNSGs; landing zones often deny subnets without
			// one), in the VNet's region.
			nsg := subnetNSG(subnet)
			g := f.Block("resource", nsg...)
			hclgen.SetString(g, "name", subnet.NSGName())
			g.SetAttributeRaw("resource_group_name", n.rgName)
			g.SetAttributeRaw("location", n.vnetLocation)
			hclgen.SetRef(g, "tags", tagsVar)

			// A standalone subnet, never one inline in the VNet: the two
			// styles fight each other
			// (https://github.com/hashicorp/terraform-provider-azurerm/issues/27251).
			b := f.Block("resource", subnetResource(subnet)...)
			hclgen.SetString(b, "name", subnet.Name)
			b.SetAttributeRaw("resource_group_name", vnetRG)
			b.SetAttributeRaw("virtual_network_name", vnetName)
			hclgen.SetStrings(b, "address_prefixes", subnet.AddressPrefixes)
			// A private subnet: no implicit internet egress, outbound needs an
			// explicit method such as a NAT gateway or a firewall
			// (Azure.VNET.PrivateSubnet,
			// https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).
			// Azure's own default for new VNets since API 2025-07-01, which
			// azurerm does not follow
			// (https://techcommunity.microsoft.com/t5/azure-networking-blog/private-subnets-by-default-in-azure-virtual-networks-what/ba-p/4513778).
			// Service and private endpoints need no internet egress.
			hclgen.SetBool(b, "default_outbound_access_enabled", false)
			w.major.SubnetNSG(f, b, g, subnetResource(subnet), nsg)
			if eps := w.pattern.serviceEndpoints(w); len(eps) > 0 && subnet.Has(manifest.RoleWorkload) {
				w.major.ServiceEndpoints(b, eps)
			}
		}
	}
	return f
}

// outputs are the IDs of the network resources the module creates.
func (n network) outputs() []output {
	var outs []output
	if !n.m.ResourceGroup.Existing {
		outs = append(outs, output{"resource_group_id", "ID of the resource group.", resourceGroup.Dot("id").Tokens()})
	}
	if !n.m.Network.VNet.IsExisting() && !n.m.Network.SubnetsByID() {
		outs = append(outs, output{"virtual_network_id", "ID of the virtual network.", virtualNetwork.Dot("id").Tokens()})
	}
	for _, s := range n.subnets {
		if s.IsExisting() {
			continue
		}
		name, desc := names.Label(s.Name)+"_subnet_id", "ID of the subnet "+s.Name+"."
		if len(n.subnets) == 1 {
			name, desc = "subnet_id", "ID of the workload subnet."
		}
		outs = append(outs, output{name, desc, s.id})
	}
	return outs
}
