package generator

import (
	"fmt"
	"regexp"

	"github.com/hashicorp/hcl/v2/hclwrite"
)

// webApp is a Linux App Service web app (azurerm_linux_web_app) on its own
// plan. Service endpoints work through access restrictions
// (site_config.ip_restriction with virtual_network_subnet_id); "apps that you
// configure with private endpoints cannot use service endpoint-based access
// restriction rules".
type webApp struct{}

func (webApp) facts() serviceFacts {
	return serviceFacts{
		Type:            "web_app",
		Title:           "App Service web app (Linux)",
		Resource:        "azurerm_linux_web_app",
		HostKind:        "host name",
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "site_config { ip_restriction_default_action, ip_restriction { virtual_network_subnet_id | ip_address } }",
		ServiceEndpoint: "Microsoft.Web",
		Subresources: []subresource{{"sites", zones3(
			"privatelink.azurewebsites.net",
			"privatelink.azurewebsites.us",
			"privatelink.chinacloudsites.cn")}},
		DefaultSubresources: []string{"sites"},
		Requirement:         "an App Service plan of Basic or higher for private endpoints (P0v3 is generated)",
		Sources:             []string{srcDNS, srcSE, "https://learn.microsoft.com/azure/app-service/networking/private-endpoint", srcProvider + "linux_web_app"},
		nameRule:            regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$`),
		nameText:            "web app name: 2 to 60 letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure",
	}
}

func (webApp) address(svc Service) ref { return ref{"azurerm_linux_web_app", label(svc.Name)} }

func (a webApp) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return a.address(svc).dot("default_hostname").tokens()
}

func (webApp) variables(Service) []variable { return nil }

func (webApp) posture(Service) []string {
	return []string{"HTTPS only", "TLS 1.2 minimum", "HTTP/2", "FTP and Web Deploy basic authentication off", "system-assigned identity", "access restrictions deny by default"}
}

func (a webApp) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	plan := ref{"azurerm_service_plan", label(svc.Name)}
	p := f.block("resource", plan...)
	setString(p, "name", "asp-"+svc.Name)
	w.placeIn(p)
	setString(p, "os_type", "Linux")
	setString(p, "sku_name", "P0v3")
	setRef(p, "tags", tagsVar)

	b := f.block("resource", a.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setRef(b, "service_plan_id", plan.dot("id"))
	setBool(b, "https_only", true)
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setBool(b, "ftp_publish_basic_authentication_enabled", false)
	setBool(b, "webdeploy_publish_basic_authentication_enabled", false)
	setRef(b, "tags", tagsVar)
	setString(nested(b, "identity"), "type", "SystemAssigned")

	sc := nested(b, "site_config")
	setString(sc, "minimum_tls_version", "1.2")
	setBool(sc, "http2_enabled", true)
	setString(sc, "ftps_state", "Disabled")
	setString(sc, "ip_restriction_default_action", "Deny")
	priority := 100
	rule := func(name string) *hclwrite.Body {
		r := sc.AppendNewBlock("ip_restriction", nil).Body()
		setString(r, "name", shorten(name, 32))
		r.SetAttributeValue("priority", ctyNumber(int64(priority)))
		setString(r, "action", "Allow")
		priority += 10
		return r
	}
	for i, subnet := range fw.subnets {
		rule("subnet-"+fw.subnetNames[i]).SetAttributeRaw("virtual_network_subnet_id", subnet)
	}
	for i, ip := range cidrs(fw.ipRules) {
		setString(rule(fmt.Sprintf("ip-range-%d", i+1)), "ip_address", ip)
	}
}
