package generator

// serviceEndpointPattern puts the service endpoint on the workload subnet and
// lets that subnet (plus optional public IP ranges) through the service's
// firewall. Traffic rides the Azure backbone to the service's public
// endpoint, whose public network access therefore stays enabled.
type serviceEndpointPattern struct{}

func (serviceEndpointPattern) serviceEndpoints(w *workload) []string {
	var names []string
	for _, svc := range w.Services {
		if se := catalog[svc.Type].serviceEndpoint; !contains(names, se) {
			names = append(names, se)
		}
	}
	return names
}

// storageFirewall keeps public network access on (the service endpoint
// reaches the public endpoint) and admits the subnet by reference, so
// Terraform creates the service endpoint before the VNet rule that needs it
// (pitfalls.md #6).
func (serviceEndpointPattern) storageFirewall(w *workload, svc Service) firewall {
	return firewall{publicAccess: true, ipRules: svc.AllowedIPRanges, subnets: []ref{w.subnet().dot("id")}}
}

func (serviceEndpointPattern) files(*workload) []*hclFile { return nil }

func (serviceEndpointPattern) outputs(w *workload, svc Service) []output {
	return []output{{
		name:        label(svc.Name) + "_blob_fqdn",
		description: "Host name of the blob endpoint of " + svc.Name + "; reached over the subnet's service endpoint.",
		value:       storageAccount(svc).dot("primary_blob_host").tokens(),
	}}
}
