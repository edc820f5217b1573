package manifest

import (
	"fmt"
	"strings"

	"github.com/endpointgen/endpointgen/generator/catalog"
)

// storageOnly are the fields only a storage account has.
var storageOnly = []string{"replication", "https_traffic_only_enabled", "min_tls_version", "allow_nested_items_to_be_public", "infrastructure_encryption_enabled", "shared_access_key_enabled"}

func (c *checker) service(m *Manifest, i int) {
	s := &m.Services[i]
	path := fmt.Sprintf("services[%d]", i)
	f, ok := s.Type.Facts()
	if !ok {
		return // the decoder has reported the type
	}
	if _, given := c.pos[path+".name"]; given && !f.Name.Valid(s.Name) {
		c.errorf(path+".name", "Invalid name", "%q is not a valid %s.", s.Name, f.Name.Text)
	}
	if len(f.Kinds) == 0 {
		c.notApplicable(path+".kind", "kind is the kind of an Azure AI services account (type: cognitive_account); "+string(s.Type)+" has none.")
	}
	if s.Type != "storage" {
		for _, field := range storageOnly {
			c.notApplicable(path+"."+field, field+" is a setting of storage accounts; "+string(s.Type)+" has no such field.")
		}
	}

	migrating := m.Phase != PhaseNone
	if m.Pattern == PatternServiceEndpoint {
		if !migrating {
			c.migrationOnly(path+".subresources", "subresources")
		}
		if f.ServiceEndpoint == "" {
			c.errorf(path+".type", "No service endpoint", "%s: %s; use pattern: private-endpoint.", f.Title, f.NoServiceEndpoint)
		}
		s.AllowedIPRanges = c.ipRanges(path+".allowed_ip_ranges", f.Title+" "+s.Name, s.AllowedIPRanges)
	}
	if m.PrivateEndpoints() {
		if !migrating {
			c.notApplicable(path+".allowed_ip_ranges", "allowed_ip_ranges open the public endpoint, which pattern: private-endpoint disables; remove them or use pattern: service-endpoint.")
		}
		have := map[string]bool{}
		for j, sub := range s.Subresources {
			at := fmt.Sprintf("%s.subresources[%d]", path, j)
			r, ok := f.Subresource(sub)
			switch {
			case sub == "":
			case !ok:
				c.errorf(at, "Unsupported sub-resource", "%s has no sub-resource %q.%s Allowed: %s.", f.Title, sub, suggest(sub, f.SubresourceNames()), strings.Join(f.SubresourceNames(), ", "))
			case len(r.Zones[m.Cloud]) == 0:
				c.errorf(at, "No private DNS zone in this cloud", "No confirmed private DNS zone exists for %s %s in the %s cloud, so endpointgen does not guess one.", f.Title, sub, m.Cloud)
			case have[sub]:
				c.errorf(at, "Duplicate sub-resource", "%q is listed twice; each sub-resource gets one private endpoint.", sub)
			}
			have[sub] = true
		}
		if len(s.Subresources) == 0 {
			c.errorf(path+".subresources"+keySuffix, "No sub-resources", "List at least one of %s, or leave subresources out for the default.", strings.Join(f.SubresourceNames(), ", "))
		}
		// "If you create a private endpoint for the Data Lake Storage storage
		// resource, then you should also create one for the Blob Storage
		// resource." (Microsoft Learn,
		// https://learn.microsoft.com/azure/storage/common/storage-private-endpoints)
		if have["dfs"] && !have["blob"] {
			c.warnf(path+".subresources", "dfs without blob", "Data Lake Storage (dfs) operations also call the blob endpoint; add blob to subresources so both resolve privately.")
		}
	}
}

// mustFacts is the catalogue's entry for a service whose type is known.
func mustFacts(s Service) catalog.Service {
	f, _ := s.Type.Facts()
	return f
}
