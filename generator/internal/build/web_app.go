package build

import (
	"fmt"

	"github.com/endpointgen/endpointgen/generator/internal/hclgen"
	"github.com/endpointgen/endpointgen/generator/internal/names"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

// webApp is a Linux App manifest.Service web app (azurerm_linux_web_app) on its own
// plan. manifest.Service endpoints work through access restrictions
// (site_config.ip_restriction with virtual_network_subnet_id); "apps that you
// configure with private endpoints cannot use service endpoint-based access
// restriction rules".
type webApp struct{}

func (webApp) address(svc manifest.Service) hclgen.Ref {
	return hclgen.Ref{"azurerm_linux_web_app", names.Label(svc.Name)}
}

func (a webApp) host(_ *workload, svc manifest.Service, _ string) hclwrite.Tokens {
	return a.address(svc).Dot("default_hostname").Tokens()
}

func (webApp) variables(manifest.Service) []variable { return nil }

func (webApp) posture(manifest.Service) []string {
	return []string{"HTTPS only", "TLS 1.2 minimum", "HTTP/2", "FTP and Web Deploy basic authentication off", "system-assigned identity", "access restrictions deny by default, on the SCM (Kudu) site too"}
}

func (a webApp) resources(w *workload, svc manifest.Service, fw firewall, f *hclgen.File) {
	plan := hclgen.Ref{"azurerm_service_plan", names.Label(svc.Name)}
	p := f.Block("resource", plan...)
	hclgen.SetString(p, "name", "asp-"+svc.Name)
	w.placeIn(p)
	hclgen.SetString(p, "os_type", "Linux")
	hclgen.SetString(p, "sku_name", "P0v3")
	hclgen.SetRef(p, "tags", tagsVar)

	b := f.Block("resource", a.address(svc)...)
	hclgen.SetString(b, "name", svc.Name)
	w.placeIn(b)
	hclgen.SetRef(b, "service_plan_id", plan.Dot("id"))
	hclgen.SetBool(b, "https_only", true)
	hclgen.SetBool(b, "public_network_access_enabled", fw.publicAccess)
	hclgen.SetBool(b, "ftp_publish_basic_authentication_enabled", false)
	hclgen.SetBool(b, "webdeploy_publish_basic_authentication_enabled", false)
	hclgen.SetRef(b, "tags", tagsVar)
	hclgen.SetString(hclgen.Nested(b, "identity"), "type", "SystemAssigned")

	sc := hclgen.Nested(b, "site_config")
	hclgen.SetString(sc, "minimum_tls_version", "1.2")
	hclgen.SetBool(sc, "http2_enabled", true)
	hclgen.SetString(sc, "ftps_state", "Disabled")
	hclgen.SetString(sc, "ip_restriction_default_action", "Deny")
	// The SCM (Kudu) site has rules of its own, and with none it admits
	// everyone: it inherits the main site's rules and denies the rest
	// (https://learn.microsoft.com/azure/app-service/app-service-ip-restrictions).
	hclgen.SetString(sc, "scm_ip_restriction_default_action", "Deny")
	hclgen.SetBool(sc, "scm_use_main_ip_restriction", true)
	// ip_restriction is Optional, not Computed
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/v5.2.0/internal/services/appservice/helpers/shared_schema.go#L55-L58,
	// the same in v4.81.0): without blocks the plan drops every rule.
	priority := 100
	rule := func(name string) *hclgen.Body {
		r := sc.AppendNewBlock("ip_restriction", nil).Body()
		hclgen.SetString(r, "name", names.Shorten(name, 32))
		hclgen.SetNumber(r, "priority", int64(priority))
		hclgen.SetString(r, "action", "Allow")
		priority += 10
		return r
	}
	for i, subnet := range fw.subnets {
		rule("subnet-"+fw.subnetNames[i]).SetAttributeRaw("virtual_network_subnet_id", subnet)
	}
	for i, ip := range cidrs(fw.ipRules) {
		hclgen.SetString(rule(fmt.Sprintf("ip-range-%d", i+1)), "ip_address", ip)
	}
}

func (a webApp) checks(w *workload, svc manifest.Service, fw firewall) []check {
	app := a.address(svc)
	at, sc := app.Address(), app.Dot("site_config")
	restrictions := hclgen.Index(sc, 0, "ip_restriction")
	return []check{
		publicAccessCheck(app, fw),
		denyCheck(app, hclgen.Index(sc, 0, "ip_restriction_default_action")),
		w.subnetRulesCheck(app, hclgen.Call("compact", hclgen.Splat(restrictions, "virtual_network_subnet_id")), fw),
		ipRulesCheck(app, hclgen.Call("compact", hclgen.Splat(restrictions, "ip_address")), cidrs(fw.ipRules)),
		isBool(app.Dot("https_only").Tokens(), true, at+" is HTTPS only."),
		isString(hclgen.Index(sc, 0, "minimum_tls_version"), "1.2", at+" requires TLS 1.2 or newer."),
		isString(hclgen.Index(sc, 0, "ftps_state"), "Disabled", at+" has FTP disabled."),
		isBool(app.Dot("ftp_publish_basic_authentication_enabled").Tokens(), false, at+" has FTP basic authentication off."),
		isBool(app.Dot("webdeploy_publish_basic_authentication_enabled").Tokens(), false, at+" has Web Deploy basic authentication off."),
		isString(hclgen.Index(sc, 0, "scm_ip_restriction_default_action"), "Deny", at+": the SCM (Kudu) site denies by default."),
		isBool(hclgen.Index(sc, 0, "scm_use_main_ip_restriction"), true, at+": the SCM (Kudu) site uses the main site's access restrictions."),
	}
}
