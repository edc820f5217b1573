package build

import (
	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// postgresFlexible is an Azure Database for PostgreSQL flexible server with
// Microsoft Entra authentication only.
type postgresFlexible struct{}

func (postgresFlexible) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_postgresql_flexible_server", names.Label(svc.Name)}
}

func (p postgresFlexible) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return p.address(svc).Dot("fqdn").Tokens()
}

func (postgresFlexible) variables(svc manifest.Service) []variable {
	return entraAdminVariables(svc, "group", "PostgreSQL flexible server")
}

func (postgresFlexible) posture(manifest.Service) []string {
	return []string{"Microsoft Entra authentication only (no passwords)", "connection and checkpoint logging, failed-login throttling", "PostgreSQL 16, General Purpose D2ds_v5"}
}

func (p postgresFlexible) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	server := p.address(svc)
	b := f.Block("resource", server...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetString(b, "version", "16")
	hclgen.SetString(b, "sku_name", "GP_Standard_D2ds_v5")
	hclgen.SetNumber(b, "storage_mb", 32768)
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetRef(b, "tags", tagsVar)
	auth := hclgen.Nested(b, "authentication")
	hclgen.SetBool(auth, "active_directory_auth_enabled", true)
	hclgen.SetBool(auth, "password_auth_enabled", false)
	hclgen.SetRef(auth, "tenant_id", clientConfig.Dot("tenant_id"))
	// azurerm sets zone on create and would plan a change forever.
	hclgen.IgnoreChanges(b, "zone")

	// Server parameters a security review expects: connection and
	// checkpoint logging, and throttling of repeated failed logins.
	for _, param := range []string{"log_connections", "log_checkpoints", "connection_throttle.enable"} {
		c := f.Block("resource", "azurerm_postgresql_flexible_server_configuration", names.Label(svc.Name+"_"+param))
		hclgen.SetString(c, "name", param)
		hclgen.SetRef(c, "server_id", server.Dot("id"))
		hclgen.SetString(c, "value", "on")
	}

	vars := p.variables(svc)
	admin := f.Block("resource", "azurerm_postgresql_flexible_server_active_directory_administrator", names.Label(svc.Name))
	hclgen.SetRef(admin, "server_name", server.Dot("name"))
	admin.SetAttributeRaw("resource_group_name", w.net.rgName)
	hclgen.SetRef(admin, "tenant_id", clientConfig.Dot("tenant_id"))
	hclgen.SetRef(admin, "object_id", hclgen.Ref{"var", vars[1].name})
	hclgen.SetRef(admin, "principal_name", hclgen.Ref{"var", vars[0].name})
	hclgen.SetString(admin, "principal_type", "Group")
}

// entraAdminVariables are a server's Microsoft Entra administrator (who:
// "group", "user or group"): no database logins, so no password in the
// state. Named like the outputs, by type and name, so that two services of
// different types may share a name.
func entraAdminVariables(svc manifest.Service, who, title string) []variable {
	base := outputPrefix(svc)
	return []variable{
		{name: base + "_entra_admin_login", description: "Display name of the Microsoft Entra " + who + " that administers the " + title + " " + svc.Name + ".", typ: hclwrite.TokensForIdentifier("string")},
		{name: base + "_entra_admin_object_id", description: "Object ID of that Microsoft Entra " + who + ".", typ: hclwrite.TokensForIdentifier("string")},
	}
}

func (p postgresFlexible) checks(_ *workload, svc manifest.Service, fw firewall) []check {
	a := p.address(svc)
	at, auth := a.Address(), a.Dot("authentication")
	return []check{
		publicAccessCheck(a, fw),
		isBool(hclgen.Index(auth, 0, "password_auth_enabled"), false, at+" accepts no passwords."),
		isBool(hclgen.Index(auth, 0, "active_directory_auth_enabled"), true, at+" accepts Microsoft Entra authentication."),
	}
}
