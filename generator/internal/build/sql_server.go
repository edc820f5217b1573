package build

import (
	"net/netip"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// sqlServer is an Azure SQL logical server (azurerm_mssql_server) with
// Microsoft Entra authentication only. Its network rules are separate
// resources: azurerm_mssql_virtual_network_rule per subnet and
// azurerm_mssql_firewall_rule per public IP range.
type sqlServer struct{}

func (sqlServer) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_mssql_server", names.Label(svc.Name)}
}

func (s sqlServer) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return s.address(svc).Dot("fully_qualified_domain_name").Tokens()
}

// variables are the server's Microsoft Entra administrator: no SQL
// authentication, so no password in the state.
func (sqlServer) variables(svc manifest.Service) []variable {
	return entraAdminVariables(svc, "user or group", "SQL server")
}

func (s sqlServer) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	server := s.address(svc)
	b := f.Block("resource", server...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "version", "12.0")
	hclgen.SetString(b, "minimum_tls_version", "1.2")
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	// The server connects out only to FQDNs that outbound firewall rules
	// allow, none by default: data cannot leave through it
	// (https://learn.microsoft.com/azure/azure-sql/database/outbound-firewall-rule-overview).
	hclgen.SetBool(b, "outbound_network_restriction_enabled", *svc.OutboundNetworkRestrictionEnabled)
	hclgen.SetRef(b, "tags", tagsVar)
	vars := s.variables(svc)
	admin := hclgen.Nested(b, "azuread_administrator")
	hclgen.SetRef(admin, "login_username", hclgen.Ref{"var", vars[0].name})
	hclgen.SetRef(admin, "object_id", hclgen.Ref{"var", vars[1].name})
	hclgen.SetBool(admin, "azuread_authentication_only", true)

	for i, subnet := range fw.subnets {
		name := fw.subnetNames[i]
		r := f.Block("resource", "azurerm_mssql_virtual_network_rule", names.Label(svc.Name+"_"+name))
		hclgen.SetString(r, "name", names.Shorten("vnet-rule-"+name, 64))
		hclgen.SetRef(r, "server_id", server.Dot("id"))
		r.SetAttributeRaw("subnet_id", subnet)
	}
	for _, ip := range fw.ipRules {
		first, last := ipRangeBounds(ip)
		r := f.Block("resource", "azurerm_mssql_firewall_rule", names.Label(svc.Name+"_allow_"+strings.NewReplacer(".", "_", "/", "_").Replace(ip)))
		hclgen.SetString(r, "name", "allow-"+strings.NewReplacer(".", "-", "/", "-").Replace(ip))
		hclgen.SetRef(r, "server_id", server.Dot("id"))
		hclgen.SetString(r, "start_ip_address", first)
		hclgen.SetString(r, "end_ip_address", last)
	}
}

// ipRangeBounds returns the first and last address of an IPv4 address or
// CIDR, which validation has already checked.
func ipRangeBounds(s string) (string, string) {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		a, _ := netip.ParseAddr(s)
		return a.String(), a.String()
	}
	first := p.Masked().Addr()
	b := first.As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
	v |= host
	last := netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
	return first.String(), last.String()
}

func (sqlServer) posture(svc manifest.Service) []string {
	return []string{"Microsoft Entra authentication only (no SQL logins)", "TLS 1.2 minimum",
		bold(*svc.OutboundNetworkRestrictionEnabled, "outbound connections restricted (none allowed until outbound firewall rules name FQDNs)", "outbound connections unrestricted")}
}

// checks: the VNet and firewall rules are resources of their own, checked
// where the pattern writes them.
func (s sqlServer) checks(w *workload, svc manifest.Service, fw firewall) []check {
	a := s.address(svc)
	at := a.Address()
	checks := []check{
		publicAccessCheck(a, fw),
		isString(a.Dot("minimum_tls_version").Tokens(), "1.2", at+" requires TLS 1.2 or newer."),
		isBool(hclgen.Index(a.Dot("azuread_administrator"), 0, "azuread_authentication_only"), true, at+" accepts Microsoft Entra authentication only."),
	}
	for i, id := range w.testSubnetIDs(fw) {
		r := hclgen.Ref{"azurerm_mssql_virtual_network_rule", names.Label(svc.Name + "_" + fw.subnetNames[i])}
		checks = append(checks, isString(r.Dot("subnet_id").Tokens(), id, r.Address()+" admits the subnet "+fw.subnetNames[i]+"."))
	}
	for _, ip := range fw.ipRules {
		first, last := ipRangeBounds(ip)
		r := hclgen.Ref{"azurerm_mssql_firewall_rule", names.Label(svc.Name + "_allow_" + strings.NewReplacer(".", "_", "/", "_").Replace(ip))}
		checks = append(checks,
			isString(r.Dot("start_ip_address").Tokens(), first, r.Address()+" admits "+ip+" only."),
			isString(r.Dot("end_ip_address").Tokens(), last, r.Address()+" admits "+ip+" only."))
	}
	return checks
}
