package generator

import (
	"net/netip"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// sqlServer is an Azure SQL logical server (azurerm_mssql_server) with
// Microsoft Entra authentication only. Its network rules are separate
// resources: azurerm_mssql_virtual_network_rule per subnet and
// azurerm_mssql_firewall_rule per public IP range.
type sqlServer struct{}

func (sqlServer) facts() serviceFacts {
	return serviceFacts{
		Type:         "sql_server",
		Title:        "Azure SQL logical server",
		HostKind:     "host name",
		PublicAccess: "public_network_access_enabled",
		NetworkRules: "azurerm_mssql_virtual_network_rule per subnet, azurerm_mssql_firewall_rule per IP range",
		Resource:     "azurerm_mssql_server",
		// "For Azure SQL, a service endpoint applies only to Azure service
		// traffic within a virtual network's region."
		ServiceEndpoint: "Microsoft.Sql",
		Subresources: []subresource{{"sqlServer", zones3(
			"privatelink.database.windows.net",
			"privatelink.database.usgovcloudapi.net",
			"privatelink.database.chinacloudapi.cn")}},
		DefaultSubresources: []string{"sqlServer"},
		ServiceEndpointNote: "reaches servers in the VNet's region only",
		Sources:             []string{srcDNS, srcSE, srcProvider + "mssql_server", srcProvider + "mssql_virtual_network_rule"},
		// azurerm internal/services/mssql/validate/mssql.go
		nameRule: regexp.MustCompile(`^[0-9a-z]([-0-9a-z]{0,61}[0-9a-z])?$`),
		nameText: "SQL server name: 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure",
	}
}

func (sqlServer) address(svc Service) ref { return ref{"azurerm_mssql_server", label(svc.Name)} }

func (s sqlServer) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return s.address(svc).dot("fully_qualified_domain_name").tokens()
}

// variables are the server's Microsoft Entra administrator: no SQL
// authentication, so no password in the state.
func (sqlServer) variables(svc Service) []variable {
	return entraAdminVariables(svc, "user or group", "SQL server")
}

func (s sqlServer) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	server := s.address(svc)
	b := f.block("resource", server...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "version", "12.0")
	setString(b, "minimum_tls_version", "1.2")
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)
	vars := s.variables(svc)
	admin := nested(b, "azuread_administrator")
	setRef(admin, "login_username", ref{"var", vars[0].name})
	setRef(admin, "object_id", ref{"var", vars[1].name})
	setBool(admin, "azuread_authentication_only", true)

	for i, subnet := range fw.subnets {
		name := fw.subnetNames[i]
		r := f.block("resource", "azurerm_mssql_virtual_network_rule", label(svc.Name+"_"+name))
		setString(r, "name", shorten("vnet-rule-"+name, 64))
		setRef(r, "server_id", server.dot("id"))
		r.SetAttributeRaw("subnet_id", subnet)
	}
	for _, ip := range fw.ipRules {
		first, last := ipRangeBounds(ip)
		r := f.block("resource", "azurerm_mssql_firewall_rule", label(svc.Name+"_allow_"+strings.NewReplacer(".", "_", "/", "_").Replace(ip)))
		setString(r, "name", "allow-"+strings.NewReplacer(".", "-", "/", "-").Replace(ip))
		setRef(r, "server_id", server.dot("id"))
		setString(r, "start_ip_address", first)
		setString(r, "end_ip_address", last)
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

func (sqlServer) posture(Service) []string {
	return []string{"Microsoft Entra authentication only (no SQL logins)", "TLS 1.2 minimum"}
}
