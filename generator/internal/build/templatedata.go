package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/endpointgen/endpointgen/generator/outdir"
)

// templateData is what the templates see. Every field is plain data; the
// templates decide nothing about the Terraform that hclwrite builds.
type templateData struct {
	Header, Name, Location, Pattern, Major, ProviderVersion, Cloud, RequiredVersion string
	PrivateEndpoint, HasStorage, VNetFromSubnet                                     bool
	// NSGInline: created subnets take their network security group inline
	// (azurerm 5), not through an association resource.
	NSGInline bool
	// PostureTests says the module ships tests/posture.tftest.hcl.
	PostureTests bool
	// StateAccount and StateContainer hold the remote state (backend.tf);
	// "" for local state.
	StateAccount, StateContainer string
	// Phase is the migration phase, "" outside a migration; Checklist is
	// what to verify after applying it.
	Phase                                                  string
	Checklist                                              []string
	ResourceGroup, VNet, VNetResourceGroup, EndpointSubnet string
	ExistingRG, ExistingVNet, VNetByID                     bool
	// VNetLocation is network.vnet.location, the region of a VNet given by
	// ID where the private endpoints go; "" when not given.
	VNetLocation string
	Subnets      []subnetDoc
	// WorkloadSubnets and ExistingSubnets are subnet names.
	WorkloadSubnets, ExistingSubnets []string
	// UnmanagedWorkloadSubnets are existing workload subnets: cleanup
	// cannot remove their service endpoints (SubnetServiceEndpoints).
	UnmanagedWorkloadSubnets, SubnetServiceEndpoints []string
	DNSMode, ResolutionPolicy                        string
	// ManagedDNS, ExistingDNS and PolicyDNS say which DNSMode it is.
	ManagedDNS, ExistingDNS, PolicyDNS bool
	// PhaseAdd, PhaseCutover and PhaseCleanup say which migration phase it is.
	PhaseAdd, PhaseCutover, PhaseCleanup  bool
	AddressSpace, ServiceEndpoints, Zones []string
	LinkVNets                             []string
	Services                              []serviceDoc
	Variables, Outputs                    []nameDoc
}

// subnetDoc is one subnet of the workload, for the README.
type subnetDoc struct {
	ID, Name, NSG       string
	Prefixes            []string
	Existing, ByID      bool
	Workload, Endpoints bool
}

type serviceDoc struct {
	ID, Type, Title, Name, Address, SENote string
	PublicAccess                           bool
	Posture, AllowedIPRanges               []string
	Endpoints                              []endpointDoc
}

// endpointDoc is a private endpoint; ID and ZoneIndexes name nodes in the
// README's Mermaid diagram.
type endpointDoc struct {
	ID, Subresource, Address string
	Zones                    []string
	ZoneIndexes              []int
}

type nameDoc struct{ Name, Description string }

func (w *workload) templateData() templateData {
	d := templateData{
		Header:            outdir.Header,
		Name:              w.Name,
		Location:          w.Location,
		Pattern:           string(w.Pattern),
		Major:             w.major.Name,
		ProviderVersion:   w.major.Version,
		RequiredVersion:   w.requiredVersion(),
		Cloud:             string(w.Cloud),
		ResourceGroup:     w.ResourceGroup.Name,
		VNet:              w.net.vnetName,
		ExistingRG:        w.ResourceGroup.Existing,
		ExistingVNet:      w.Network.VNet.IsExisting() || w.Network.SubnetsByID(),
		VNetByID:          w.Network.VNet.ID != "" || w.Network.SubnetsByID(),
		VNetFromSubnet:    w.Network.VNet.ID == "" && w.Network.SubnetsByID(),
		VNetLocation:      w.Network.VNet.Location,
		EndpointSubnet:    w.net.endpointSubnet().Name,
		VNetResourceGroup: w.Network.VNet.ResourceGroup,
		DNSMode:           string(w.DNS.Mode),
		ManagedDNS:        w.DNS.Mode == manifest.DNSManaged,
		ExistingDNS:       w.DNS.Mode == manifest.DNSExisting,
		PolicyDNS:         w.DNS.Mode == manifest.DNSPolicy,
		PhaseAdd:          w.Phase == manifest.PhaseAdd,
		PhaseCutover:      w.Phase == manifest.PhaseCutover,
		PhaseCleanup:      w.Phase == manifest.PhaseCleanup,
		ResolutionPolicy:  w.DNS.ResolutionPolicy,
		AddressSpace:      w.Network.VNet.AddressSpace,
		ServiceEndpoints:  w.pattern.serviceEndpoints(w),
		// The endpoints the services use, which cleanup removes.
		SubnetServiceEndpoints: serviceEndpointPattern{}.serviceEndpoints(w),
		NSGInline:              w.major.SubnetNSGWriteOnly,
	}
	if b := w.Backend; b != nil {
		d.StateAccount, d.StateContainer = b.StorageAccountName, b.ContainerName
	}
	for _, sn := range w.net.subnets {
		d.Subnets = append(d.Subnets, subnetDoc{ID: "subnet_" + names.Label(sn.Name), Name: sn.Name, NSG: sn.NSGName(), Prefixes: sn.AddressPrefixes,
			Existing: sn.IsExisting(), ByID: sn.ID != "", Workload: sn.Has(manifest.RoleWorkload), Endpoints: sn.Has(manifest.RoleEndpoints)})
		if sn.Has(manifest.RoleWorkload) {
			d.WorkloadSubnets = append(d.WorkloadSubnets, sn.Name)
			if sn.IsExisting() {
				d.UnmanagedWorkloadSubnets = append(d.UnmanagedWorkloadSubnets, sn.Name)
			}
		}
		if sn.IsExisting() {
			d.ExistingSubnets = append(d.ExistingSubnets, sn.Name)
		}
	}
	d.Phase, d.Checklist = string(w.Phase), w.checklist
	if w.PrivateEndpoints() {
		d.PrivateEndpoint = true
		d.Zones = zones(w)
		for _, id := range w.DNS.LinkVNetIDs {
			d.LinkVNets = append(d.LinkVNets, manifest.LastSegment(id))
		}
	}
	for _, svc := range w.Services {
		st, f := builders[svc.Type], facts(svc)
		sd := serviceDoc{ID: outputPrefix(svc), Type: string(svc.Type), Title: f.Title, Name: svc.Name, Address: st.address(svc).Address(),
			PublicAccess: w.pattern.firewall(w, svc).publicAccess,
			SENote:       f.ServiceEndpointNote, Posture: st.posture(svc), AllowedIPRanges: svc.AllowedIPRanges}
		d.HasStorage = d.HasStorage || svc.Type == "storage"
		if d.PrivateEndpoint {
			for _, e := range endpoints(w) {
				if e.svc.Name == svc.Name && e.svc.Type == svc.Type {
					sd.Endpoints = append(sd.Endpoints, endpointDoc{
						ID: "pe_" + e.label(), Subresource: e.sub, Address: e.address().Address(),
						Zones: e.zones, ZoneIndexes: indexes(d.Zones, e.zones)})
				}
			}
		}
		d.Services = append(d.Services, sd)
	}
	for _, v := range w.variables() {
		d.Variables = append(d.Variables, nameDoc{v.name, v.description})
	}
	for _, o := range w.outputs() {
		d.Outputs = append(d.Outputs, nameDoc{o.name, o.description})
	}
	return d
}

// indexes returns the position in list of each of items.
func indexes(list, items []string) []int {
	var out []int
	for _, s := range items {
		for i, x := range list {
			if x == s {
				out = append(out, i)
			}
		}
	}
	return out
}
