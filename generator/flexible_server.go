package generator

import (
	"regexp"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Flexible servers have no service endpoint and no VNet rule: their
// networking is public access (with IP firewall rules) or VNet injection,
// and a private endpoint exists only for servers created with public
// access. So both are private-endpoint only.
const noFlexibleSE = "flexible servers have no service endpoint or virtual-network rule (only VNet injection, which rules out private endpoints)"

var flexibleName = regexp.MustCompile(`^[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$`)

// postgresFlexible is an Azure Database for PostgreSQL flexible server with
// Microsoft Entra authentication only.
type postgresFlexible struct{}

func (postgresFlexible) facts() serviceFacts {
	return serviceFacts{
		Type:              "postgresql_flexible",
		Title:             "PostgreSQL flexible server",
		Resource:          "azurerm_postgresql_flexible_server",
		HostKind:          "host name",
		PublicAccess:      "public_network_access_enabled",
		NetworkRules:      "none (azurerm_postgresql_flexible_server_firewall_rule by IP only)",
		NoServiceEndpoint: noFlexibleSE,
		Subresources: []subresource{{"postgresqlServer", zones3(
			"privatelink.postgres.database.azure.com",
			"privatelink.postgres.database.usgovcloudapi.net",
			"privatelink.postgres.database.chinacloudapi.cn")}},
		DefaultSubresources: []string{"postgresqlServer"},
		NeedsTenant:         true,
		Requirement:         "created with public access (not VNet-integrated); private-endpoint only",
		Sources:             []string{srcDNS, "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private-link", srcProvider + "postgresql_flexible_server"},
		nameRule:            flexibleName,
		nameText:            "PostgreSQL flexible server name: 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure",
	}
}

func (postgresFlexible) address(svc Service) ref {
	return ref{"azurerm_postgresql_flexible_server", label(svc.Name)}
}

func (p postgresFlexible) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return p.address(svc).dot("fqdn").tokens()
}

func (postgresFlexible) variables(svc Service) []variable {
	return entraAdminVariables(svc, "group", "PostgreSQL flexible server")
}

func (postgresFlexible) posture(Service) []string {
	return []string{"Microsoft Entra authentication only (no passwords)", "connection and checkpoint logging, failed-login throttling", "PostgreSQL 16, General Purpose D2ds_v5"}
}

func (p postgresFlexible) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	server := p.address(svc)
	b := f.block("resource", server...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "version", "16")
	setString(b, "sku_name", "GP_Standard_D2ds_v5")
	b.SetAttributeValue("storage_mb", cty.NumberIntVal(32768))
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)
	auth := nested(b, "authentication")
	setBool(auth, "active_directory_auth_enabled", true)
	setBool(auth, "password_auth_enabled", false)
	setRef(auth, "tenant_id", clientConfig.dot("tenant_id"))
	// azurerm sets zone on create and would plan a change forever.
	ignoreChanges(b, "zone")

	// Server parameters a security review expects: connection and
	// checkpoint logging, and throttling of repeated failed logins.
	for _, param := range []string{"log_connections", "log_checkpoints", "connection_throttle.enable"} {
		c := f.block("resource", "azurerm_postgresql_flexible_server_configuration", label(svc.Name+"_"+param))
		setString(c, "name", param)
		setRef(c, "server_id", server.dot("id"))
		setString(c, "value", "on")
	}

	vars := p.variables(svc)
	admin := f.block("resource", "azurerm_postgresql_flexible_server_active_directory_administrator", label(svc.Name))
	setRef(admin, "server_name", server.dot("name"))
	admin.SetAttributeRaw("resource_group_name", w.net.rgName)
	setRef(admin, "tenant_id", clientConfig.dot("tenant_id"))
	setRef(admin, "object_id", ref{"var", vars[1].name})
	setRef(admin, "principal_name", ref{"var", vars[0].name})
	setString(admin, "principal_type", "Group")
}

// entraAdminVariables are a server's Microsoft Entra administrator (who:
// "group", "user or group"): no database logins, so no password in the
// state. Named like the outputs, by type and name, so that two services of
// different types may share a name.
func entraAdminVariables(svc Service, who, title string) []variable {
	base := outputPrefix(svc)
	return []variable{
		{name: base + "_entra_admin_login", description: "Display name of the Microsoft Entra " + who + " that administers the " + title + " " + svc.Name + ".", typ: hclwrite.TokensForIdentifier("string")},
		{name: base + "_entra_admin_object_id", description: "Object ID of that Microsoft Entra " + who + ".", typ: hclwrite.TokensForIdentifier("string")},
	}
}

// mysqlFlexible is an Azure Database for MySQL flexible server. MySQL needs
// an administrator login and password when the server is created. The
// password comes from an ephemeral variable into the write-only argument
// administrator_password_wo, so it never reaches the plan or the state
// (Terraform 1.11 or newer); raising its _version variable rotates it.
type mysqlFlexible struct{}

func (mysqlFlexible) facts() serviceFacts {
	return serviceFacts{
		Type:              "mysql_flexible",
		Title:             "MySQL flexible server",
		Resource:          "azurerm_mysql_flexible_server",
		HostKind:          "host name",
		PublicAccess:      "public_network_access (Enabled | Disabled; azurerm 4.26 and later)",
		NetworkRules:      "none (azurerm_mysql_flexible_server_firewall_rule by IP only)",
		NoServiceEndpoint: noFlexibleSE,
		Subresources: []subresource{{"mysqlServer", zones3(
			"privatelink.mysql.database.azure.com",
			"privatelink.mysql.database.usgovcloudapi.net",
			"privatelink.mysql.database.chinacloudapi.cn")}},
		DefaultSubresources: []string{"mysqlServer"},
		Requirement:         "created with public access (not VNet-integrated); private-endpoint only",
		Sources:             []string{srcDNS, "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking-private-link", srcProvider + "mysql_flexible_server"},
		nameRule:            flexibleName,
		nameText:            "MySQL flexible server name: 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure",
	}
}

func (mysqlFlexible) address(svc Service) ref {
	return ref{"azurerm_mysql_flexible_server", label(svc.Name)}
}

func (m mysqlFlexible) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return m.address(svc).dot("fqdn").tokens()
}

func (mysqlFlexible) variables(svc Service) []variable {
	base := outputPrefix(svc)
	return []variable{
		{name: base + "_administrator_login", description: "Administrator login of the MySQL flexible server " + svc.Name + ".", typ: hclwrite.TokensForIdentifier("string")},
		{name: base + "_administrator_password", description: "Administrator password of the MySQL flexible server " + svc.Name + "; ephemeral: written to Azure, never to the plan or state.", typ: hclwrite.TokensForIdentifier("string"), sensitive: true, ephemeral: true},
		{name: base + "_administrator_password_version", description: "Raise it to make Terraform send a new administrator password (write-only arguments are sent only when their version changes).", typ: hclwrite.TokensForIdentifier("number"), value: hclwrite.TokensForValue(ctyNumber(1))},
	}
}

func (mysqlFlexible) posture(Service) []string {
	return []string{"administrator password write-only (never in the state)", "MySQL 8.0.21, General Purpose D2ds_v4"}
}

func (m mysqlFlexible) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", m.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "version", "8.0.21")
	setString(b, "sku_name", "GP_Standard_D2ds_v4")
	access := "Disabled"
	if fw.publicAccess {
		access = "Enabled"
	}
	setString(b, "public_network_access", access)
	vars := m.variables(svc)
	setRef(b, "administrator_login", ref{"var", vars[0].name})
	setRef(b, "administrator_password_wo", ref{"var", vars[1].name})
	setRef(b, "administrator_password_wo_version", ref{"var", vars[2].name})
	setRef(b, "tags", tagsVar)
	ignoreChanges(b, "zone")
}
