package manifest

import (
	"slices"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// PrivateEndpoints reports whether the workload gets private endpoints: the
// private-endpoint pattern, or a migration towards it. It is the one
// answer to that question.
func (m *Manifest) PrivateEndpoints() bool {
	return m.Pattern == PatternPrivateEndpoint || m.Phase != PhaseNone
}

// applyDefaults fills every optional field left empty with its default.
func (m *Manifest) applyDefaults() {
	if m.Provider == "" {
		m.Provider = "5"
	}
	if m.Cloud == "" {
		m.Cloud = catalog.Public
	}
	if m.DNS.Mode == "" {
		m.DNS.Mode = DNSManaged
	}
	// Links fall back to public resolution for names their zone has no
	// record of, so linking a zone never cuts a VNet off from the same
	// service's other private endpoints
	// (https://learn.microsoft.com/azure/dns/private-dns-fallback).
	if m.DNS.Mode == DNSManaged && m.PrivateEndpoints() && m.DNS.ResolutionPolicy == "" {
		m.DNS.ResolutionPolicy = ResolutionNxDomainRedirect
	}
	if m.ResourceGroup.Name == "" {
		m.ResourceGroup.Name = "rg-" + m.Name
	}
	if m.Network.VNet.Name == "" {
		m.Network.VNet.Name = "vnet-" + m.Name
	}
	if m.Network.VNet.ID != "" {
		m.Network.VNet.Name = LastSegment(m.Network.VNet.ID)
	}

	if m.Network.VNet.ResourceGroup == "" {
		m.Network.VNet.ResourceGroup = m.ResourceGroup.Name
	}
	if len(m.Network.VNet.AddressSpace) == 0 && !m.Network.VNet.IsExisting() {
		m.Network.VNet.AddressSpace = []string{"10.0.0.0/16"}
	}
	// nil, not empty: an explicit [] is reported, not replaced.
	if m.Network.Subnets == nil {
		s := m.Network.Subnet
		if s.Name == "" && s.ID == "" {
			s.Name = "snet-" + m.Name
		}
		// Only inside the default address space: a new subnet of an
		// existing VNet must say where it goes.
		if len(s.AddressPrefixes) == 0 && !s.IsExisting() && !m.Network.VNet.IsExisting() {
			s.AddressPrefixes = []string{"10.0.1.0/24"}
		}
		m.Network.Subnets = []Subnet{s}
	}
	for i := range m.Network.Subnets {
		s := &m.Network.Subnets[i]
		if s.ID != "" {
			s.Name = LastSegment(s.ID)
		}
		if len(s.Roles) == 0 {
			s.Roles = []string{RoleWorkload, RoleEndpoints}
		}
	}
	for i := range m.Services {
		s := &m.Services[i]
		facts, ok := s.Type.Facts()
		if !ok {
			continue
		}
		// nil, not empty: an explicit [] is reported, not replaced.
		if m.PrivateEndpoints() && s.Subresources == nil {
			s.Subresources = facts.DefaultSubresources
		}
		if len(facts.Kinds) > 0 && s.Kind == "" {
			s.Kind = facts.DefaultKind
		}
		if s.Type == "sql_server" {
			s.OutboundNetworkRestrictionEnabled = orDefault(s.OutboundNetworkRestrictionEnabled, true)
		}
		if s.Type != "storage" {
			continue
		}
		s.HTTPSTrafficOnlyEnabled = orDefault(s.HTTPSTrafficOnlyEnabled, true)
		s.AllowNestedItemsToBePublic = orDefault(s.AllowNestedItemsToBePublic, false)
		s.SharedAccessKeyEnabled = orDefault(s.SharedAccessKeyEnabled, false)
		s.InfrastructureEncryptionEnabled = orDefault(s.InfrastructureEncryptionEnabled, true)
		s.IsHNSEnabled = orDefault(s.IsHNSEnabled, slices.Contains(s.Subresources, "dfs"))
		if s.Replication == "" {
			s.Replication = "LRS"
		}
		if s.MinTLSVersion == "" {
			s.MinTLSVersion = "TLS1_2"
		}
	}
}

func orDefault(b *bool, def bool) *bool {
	if b == nil {
		return &def
	}
	return b
}

// IsExisting reports whether the VNet is created elsewhere.
func (v VNet) IsExisting() bool { return v.Existing || v.ID != "" }

// SubnetsByID reports whether the subnets are given by resource ID (then
// they all are, and the VNet follows from them).
func (n Network) SubnetsByID() bool { return len(n.Subnets) > 0 && n.Subnets[0].ID != "" }

// IsExisting reports whether the subnet is created elsewhere.
func (s Subnet) IsExisting() bool { return s.Existing || s.ID != "" }
