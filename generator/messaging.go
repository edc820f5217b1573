package generator

import (
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Service Bus and Event Hubs namespaces share a private DNS zone
// (privatelink.servicebus.…), so a workload with both gets one zone.
var namespaceZones = zones3(
	"privatelink.servicebus.windows.net",
	"privatelink.servicebus.usgovcloudapi.net",
	"privatelink.servicebus.chinacloudapi.cn")

// namespaceName is the azurerm rule for both namespace kinds
// (servicebus/validate/namespace_name.go, eventhub/validate/eventhub_names.go).
var namespaceName = regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]{4,48}[a-zA-Z0-9]$`)

// serviceBus is a Premium Service Bus namespace (azurerm_servicebus_namespace):
// "Virtual Networks are supported only in Premium tier Service Bus
// namespaces", and so are private endpoints.
type serviceBus struct{}

func (serviceBus) facts() serviceFacts {
	return serviceFacts{
		Type:                "servicebus",
		Title:               "Service Bus namespace",
		Resource:            "azurerm_servicebus_namespace",
		HostKind:            "endpoint",
		PublicAccess:        "public_network_access_enabled (and network_rule_set.public_network_access_enabled)",
		NetworkRules:        "network_rule_set block (default_action, trusted_services_allowed, ip_rules, network_rules { subnet_id })",
		ServiceEndpoint:     "Microsoft.ServiceBus",
		Subresources:        []subresource{{"namespace", namespaceZones}},
		DefaultSubresources: []string{"namespace"},
		Requirement:         "Premium SKU for both patterns",
		Sources:             []string{srcDNS, srcSE, "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-service-endpoints", srcProvider + "servicebus_namespace"},
		nameRule:            namespaceName,
		nameText:            "Service Bus namespace name: 6 to 50 letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending in -sb or -mgmt; unique across Azure",
	}
}

func (serviceBus) address(svc Service) ref {
	return ref{"azurerm_servicebus_namespace", label(svc.Name)}
}

func (s serviceBus) host(_ *workload, svc Service, _ string) hclwrite.Tokens {
	return s.address(svc).dot("endpoint").tokens()
}

func (serviceBus) variables(Service) []variable { return nil }

func (serviceBus) posture(Service) []string {
	return []string{"Premium", "Microsoft Entra authentication only (no SAS keys)", "TLS 1.2 minimum", "firewall default action Deny, trusted services allowed"}
}

func (s serviceBus) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", s.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "sku", "Premium")
	b.SetAttributeValue("capacity", cty.NumberIntVal(1))
	b.SetAttributeValue("premium_messaging_partitions", cty.NumberIntVal(1))
	setBool(b, "local_auth_enabled", false)
	setString(b, "minimum_tls_version", "1.2")
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)

	// "If there are no IP and virtual network rules, all the traffic flows
	// into the namespace even if you set the defaultAction to deny": the
	// service-endpoint pattern always has the subnet rule.
	rs := nested(b, "network_rule_set")
	setString(rs, "default_action", "Deny")
	setBool(rs, "public_network_access_enabled", fw.publicAccess)
	setBool(rs, "trusted_services_allowed", true)
	if len(fw.ipRules) > 0 {
		setStrings(rs, "ip_rules", cidrs(fw.ipRules))
	}
	for _, subnet := range fw.subnets {
		rs.AppendNewBlock("network_rules", nil).Body().SetAttributeRaw("subnet_id", subnet)
	}
}

// eventHubs is a Standard Event Hubs namespace (azurerm_eventhub_namespace):
// network rules and private endpoints are "not supported in the basic tier".
type eventHubs struct{}

func (eventHubs) facts() serviceFacts {
	return serviceFacts{
		Type:                "eventhub",
		Title:               "Event Hubs namespace",
		Resource:            "azurerm_eventhub_namespace",
		HostKind:            "host name",
		PublicAccess:        "public_network_access_enabled (and network_rulesets[0].public_network_access_enabled)",
		NetworkRules:        "network_rulesets (default_action, trusted_service_access_enabled, ip_rule, virtual_network_rule)",
		ServiceEndpoint:     "Microsoft.EventHub",
		Subresources:        []subresource{{"namespace", namespaceZones}},
		DefaultSubresources: []string{"namespace"},
		Requirement:         "Standard SKU or above (not Basic) for both patterns",
		Sources:             []string{srcDNS, srcSE, "https://learn.microsoft.com/azure/event-hubs/event-hubs-service-endpoints", srcProvider + "eventhub_namespace"},
		nameRule:            namespaceName,
		nameText:            "Event Hubs namespace name: 6 to 50 letters, digits and hyphens, starting with a letter, ending with a letter or digit; unique across Azure",
	}
}

func (eventHubs) address(svc Service) ref { return ref{"azurerm_eventhub_namespace", label(svc.Name)} }

// host is the namespace's host; azurerm exports no attribute for it, and
// the name is fixed by the namespace name and the cloud.
func (eventHubs) host(w *workload, svc Service, _ string) hclwrite.Tokens {
	return literal(svc.Name + "." + strings.TrimPrefix(namespaceZones[w.Cloud][0], "privatelink."))
}

func (eventHubs) variables(Service) []variable { return nil }

func (eventHubs) posture(Service) []string {
	return []string{"Standard", "Microsoft Entra authentication only (no SAS keys)", "TLS 1.2 minimum", "firewall default action Deny, trusted services allowed"}
}

func (e eventHubs) resources(w *workload, svc Service, fw firewall, f *hclFile) {
	b := f.block("resource", e.address(svc)...)
	setString(b, "name", svc.Name)
	w.placeIn(b)
	setString(b, "sku", "Standard")
	b.SetAttributeValue("capacity", cty.NumberIntVal(1))
	setBool(b, "local_authentication_enabled", false)
	setString(b, "minimum_tls_version", "1.2")
	setBool(b, "public_network_access_enabled", fw.publicAccess)
	setRef(b, "tags", tagsVar)

	// network_rulesets is an attribute (a list of objects) in azurerm, so
	// every field of the object is written.
	var ipRules, vnetRules []hclwrite.Tokens
	for _, ip := range cidrs(fw.ipRules) {
		ipRules = append(ipRules, hclwrite.TokensForObject([]hclwrite.ObjectAttrTokens{
			{Name: hclwrite.TokensForIdentifier("ip_mask"), Value: literal(ip)},
			{Name: hclwrite.TokensForIdentifier("action"), Value: literal("Allow")},
		}))
	}
	for _, subnet := range fw.subnets {
		vnetRules = append(vnetRules, hclwrite.TokensForObject([]hclwrite.ObjectAttrTokens{
			{Name: hclwrite.TokensForIdentifier("subnet_id"), Value: subnet},
			{Name: hclwrite.TokensForIdentifier("ignore_missing_virtual_network_service_endpoint"), Value: hclwrite.TokensForValue(cty.False)},
		}))
	}
	ruleset := hclwrite.TokensForObject([]hclwrite.ObjectAttrTokens{
		{Name: hclwrite.TokensForIdentifier("default_action"), Value: literal("Deny")},
		{Name: hclwrite.TokensForIdentifier("public_network_access_enabled"), Value: hclwrite.TokensForValue(cty.BoolVal(fw.publicAccess))},
		{Name: hclwrite.TokensForIdentifier("trusted_service_access_enabled"), Value: hclwrite.TokensForValue(cty.True)},
		{Name: hclwrite.TokensForIdentifier("ip_rule"), Value: hclwrite.TokensForTuple(ipRules)},
		{Name: hclwrite.TokensForIdentifier("virtual_network_rule"), Value: hclwrite.TokensForTuple(vnetRules)},
	})
	b.SetAttributeRaw("network_rulesets", hclwrite.TokensForTuple([]hclwrite.Tokens{ruleset}))
}
