package generator

// serviceKind is what the generator knows about one manifest service type:
// the subnet service endpoint that lets a subnet reach it over the Azure
// backbone, and its private-link sub-resources.
type serviceKind struct {
	// serviceEndpoint is the subnet service endpoint name. Source: "Azure
	// virtual network service endpoints",
	// https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview
	serviceEndpoint string
	subresources    []subresource
}

// subresource is a private-link sub-resource (group ID) of a service.
type subresource struct {
	name string
	// zone is the private DNS zone for the sub-resource in the public cloud.
	// Source: "Azure Private Endpoint private DNS zone values",
	// https://learn.microsoft.com/azure/private-link/private-endpoint-dns
	zone string
	// hostAttribute is the azurerm attribute holding the service's FQDN for
	// this sub-resource (the name clients keep using; DNS maps it to the
	// private IP through the privatelink zone).
	hostAttribute string
}

// catalog holds every supported service type by its manifest name.
var catalog = map[string]serviceKind{
	"storage": {
		serviceEndpoint: "Microsoft.Storage",
		// One private endpoint per sub-resource: "You need a separate private
		// endpoint for each storage resource that you need to access"
		// (https://learn.microsoft.com/azure/storage/common/storage-private-endpoints).
		subresources: []subresource{
			{name: "blob", zone: "privatelink.blob.core.windows.net", hostAttribute: "primary_blob_host"},
			{name: "file", zone: "privatelink.file.core.windows.net", hostAttribute: "primary_file_host"},
			{name: "queue", zone: "privatelink.queue.core.windows.net", hostAttribute: "primary_queue_host"},
			{name: "table", zone: "privatelink.table.core.windows.net", hostAttribute: "primary_table_host"},
			{name: "web", zone: "privatelink.web.core.windows.net", hostAttribute: "primary_web_host"},
			{name: "dfs", zone: "privatelink.dfs.core.windows.net", hostAttribute: "primary_dfs_host"},
		},
	},
}

// lookupSubresource returns the catalogue entry of a service's sub-resource.
func lookupSubresource(serviceType, name string) (subresource, bool) {
	for _, s := range catalog[serviceType].subresources {
		if s.name == name {
			return s, true
		}
	}
	return subresource{}, false
}
