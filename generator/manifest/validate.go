package manifest

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/hashicorp/hcl/v2"
)

// Azure naming rules. Sources: azurerm validators (storage account:
// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/storage/validate/storage_account_name.go) and "Naming
// rules and restrictions for Azure resources",
// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
var (
	workloadName      = lazyregexp.New(`^[a-z][a-z0-9-]{0,38}[a-z0-9]$`)
	locationName      = lazyregexp.New(`^[a-z][a-z0-9]*$`)
	resourceGroupName = lazyregexp.New(`^[-\w.()]{0,89}[-\w()]$`)
	vnetName          = lazyregexp.New(`^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}[a-zA-Z0-9_]$`)
	subnetName        = lazyregexp.New(`^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_])?$`)
)

// checker collects the problems of a decoded manifest, each placed at the
// value it concerns.
type checker struct {
	pos   positions
	diags hcl.Diagnostics
	// cloudUnknown: the manifest names a cloud the decoder rejected, so
	// locations are not checked against the default cloud's regions.
	cloudUnknown bool
}

func (c *checker) at(path string) *hcl.Range {
	if r, ok := c.pos[path]; ok {
		return &r
	}
	path = strings.TrimSuffix(path, keySuffix)
	for p := path; p != ""; {
		if r, ok := c.pos[p]; ok {
			return &r
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	r := c.pos[""]
	return &r
}

func (c *checker) errorf(path, summary, detail string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: c.at(path),
	})
}

func (c *checker) warnf(path, summary, detail string, args ...any) {
	c.diags = append(c.diags, &hcl.Diagnostic{
		Severity: hcl.DiagWarning, Summary: summary, Detail: fmt.Sprintf(detail, args...), Subject: c.at(path),
	})
}

// name checks a name the manifest gives, empty included; defaults derived
// from a valid workload name are valid by construction and not checked again.
func (c *checker) name(path, value string, re *lazyregexp.Regexp, rule string) {
	if _, given := c.pos[path]; given && !re.MatchString(value) {
		c.errorf(path, "Invalid name", "%q is not a valid %s.", value, rule)
	}
}

// notApplicable reports a field that was given but means nothing here, at
// its key.
func (c *checker) notApplicable(path, why string) {
	if _, given := c.pos[path]; given {
		c.errorf(path+keySuffix, "Field does not apply", "%s", why)
	}
}

// migrationOnly warns about a private-endpoint field on a service-endpoint
// manifest: generate writes no private endpoints for it, endpointgen migrate
// uses it to add them. detail says what else it does, if anything.
func (c *checker) migrationOnly(path, field, detail string) {
	if _, given := c.pos[path]; given {
		if detail == "" {
			detail = field + " configures private endpoints: generate ignores it for pattern: service-endpoint, and endpointgen migrate uses it to add them."
		}
		c.diags = append(c.diags, &hcl.Diagnostic{
			Severity: hcl.DiagWarning, Summary: "Used only when migrating",
			Detail: detail, Subject: c.at(path + keySuffix),
		})
	}
}

// validateManifest checks the Azure rules a decoded manifest must meet before
// any Terraform is generated. It normalises allowed_ip_ranges in place (a /32
// becomes a bare address, a /31 its two addresses) because the storage
// firewall accepts neither prefix
// (https://github.com/hashicorp/terraform-provider-azurerm/issues/5444).
//
// When migrating (m.Phase is set), the manifest is a service-endpoint one
// whose private endpoints are being added: the fields of both patterns apply.
func validateManifest(m *Manifest, pos positions, cloudUnknown bool) hcl.Diagnostics {
	c := &checker{pos: pos, cloudUnknown: cloudUnknown}
	c.name("name", m.Name, workloadName, "workload name: 2 to 40 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen; it is used to derive resource names")
	c.location("location", m.Location, m)
	if _, given := pos["location_unlisted"]; given && m.LocationUnlisted && slices.Contains(m.Cloud.Regions(), m.Location) &&
		(m.Network.VNet.Location == "" || slices.Contains(m.Cloud.Regions(), m.Network.VNet.Location)) {
		c.warnf("location_unlisted"+keySuffix, "Location is listed", "%q is a known region of the %s cloud; remove location_unlisted so a typo in it is caught.", m.Location, m.Cloud)
	}
	c.guid("subscription_id", m.SubscriptionID)
	c.name("resource_group.name", m.ResourceGroup.Name, resourceGroupName, "resource group name: 1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period")
	c.network(m)
	c.tags(m.Tags)
	c.ignoreTagChanges(m.IgnoreTagChanges, m.Tags)

	if len(m.Services) == 0 && pos["services"] != (hcl.Range{}) {
		c.errorf("services", "No services", "List at least one service, such as:\n  services:\n    - type: storage\n      name: stmyworkload01")
	}
	for i := range m.Services {
		c.service(m, i)
	}
	c.serviceNames(m)
	c.dns(m)
	c.privateLinkNames(m)
	return c.diags
}

// location checks a region name given at path against the cloud's regions:
// a region of another cloud, or a typo, is an error with the nearest
// names; location_unlisted admits a region newer than the list.
func (c *checker) location(path, value string, m *Manifest) {
	if _, given := c.pos[path]; !given {
		return
	}
	if !locationName.MatchString(value) {
		c.errorf(path, "Invalid name", "%q is not a valid Azure location: use the programmatic name, such as \"westeurope\" (see az account list-locations --query \"[].name\").", value)
		return
	}
	regions := m.Cloud.Regions()
	if c.cloudUnknown || slices.Contains(regions, value) {
		return
	}
	// location_unlisted admits a region newer than the list, never one the
	// list knows in another cloud.
	if other, ok := catalog.CloudOf(value); ok {
		choice := "see az account list-locations --query \"[].name\""
		if len(regions) <= 10 {
			choice = strings.Join(regions, ", ")
		}
		fix := "use"
		if path == "location" {
			fix = "set cloud: " + string(other) + ", or use"
		}
		c.errorf(path, "Location in another cloud", "%q is a region of the %s cloud, and this workload is in the %s cloud: %s a region of the %s cloud (%s).",
			value, other, m.Cloud, fix, m.Cloud, choice)
		return
	}
	if m.LocationUnlisted {
		return
	}
	c.errorf(path, "Unknown location", "%q is not a region of the %s cloud.%s Check the name with az account list-locations --query \"[].name\"; for a region newer than endpointgen's list, set location_unlisted: true.",
		value, m.Cloud, suggest(value, regions))
}

// tags checks Azure's tag limits ("Use tags to organize your Azure
// resources", Limitations,
// https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
// at most 50 tags; names of at most 128 characters on storage accounts
// without < > % & \ ? /; values of at most 256 characters; and names that
// differ only in letter case are one tag ("Tag names are case-insensitive
// for operations"), so two of them would set one tag twice. Any other text,
// ${ and %{ included, is escaped on its way into HCL.
func (c *checker) tags(tags map[string]string) {
	if len(tags) > 50 {
		c.errorf("tags", "Too many tags", "Azure resources take at most 50 tags; found %d.", len(tags))
	}
	// In the order of the file: the later of two names alike is the error.
	keys := sortedKeys(tags)
	sort.SliceStable(keys, func(i, j int) bool {
		return c.pos["tags."+keys[i]].Start.Byte < c.pos["tags."+keys[j]].Start.Byte
	})
	first := map[string]string{}
	for _, k := range keys {
		at := "tags." + k
		if p := tagNameProblem(k); p != "" {
			c.errorf(at+keySuffix, "Invalid tag name", "%s", p)
		}
		if other, dup := first[strings.ToLower(k)]; dup {
			c.errorf(at+keySuffix, "Duplicate tag name", "%q and %q are one tag: Azure tag names ignore case. Keep one of them.", other, k)
		} else {
			first[strings.ToLower(k)] = k
		}
		if utf8.RuneCountInString(tags[k]) > 256 {
			c.errorf(at, "Invalid tag value", "Tag values have at most 256 characters; %q has %d.", k, utf8.RuneCountInString(tags[k]))
		}
	}
}

// tagNameProblem says what is wrong with a tag name, "" if nothing.
func tagNameProblem(k string) string {
	switch {
	case k == "" || utf8.RuneCountInString(k) > 128:
		return "Tag names must have 1 to 128 characters (the limit on storage accounts)."
	case strings.ContainsAny(k, `<>%&\?/`):
		return fmt.Sprintf("Tag name %q contains one of < > %% & \\ ? /, which Azure does not allow in tag names.", k)
	}
	return ""
}

// ignoreTagChanges checks the names of tags that others write: valid tag
// names, each once, and not one the manifest sets itself, which Terraform
// would then never correct. Two spellings that differ only in case are two
// names here: Azure compares tag names without case, but may keep the case
// a name was written in, and ignore_changes compares map keys exactly
// (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
func (c *checker) ignoreTagChanges(names []string, tags map[string]string) {
	seen := map[string]int{}
	for i, k := range names {
		at := fmt.Sprintf("ignore_tag_changes[%d]", i)
		if p := tagNameProblem(k); p != "" {
			c.errorf(at, "Invalid tag name", "%s", p)
			continue
		}
		if first, dup := seen[k]; dup {
			c.errorf(at, "Duplicate tag name", "%q is already ignore_tag_changes[%d].", k, first)
			continue
		}
		seen[k] = i
		for t := range tags {
			if strings.EqualFold(t, k) {
				c.warnf(at, "Tag both set and ignored", "tags sets %q, and ignore_tag_changes makes Terraform ignore its changes: a value changed elsewhere is never set back.", t)
			}
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func overlapsAny(p netip.Prefix, list []netip.Prefix) bool {
	for _, q := range list {
		if p.Overlaps(q) {
			return true
		}
	}
	return false
}

// overlapping returns the first of ranges that overlaps r.
func overlapping(r string, ranges []string) (string, bool) {
	p := asPrefix(r)
	for _, q := range ranges {
		if q != r && asPrefix(q).Overlaps(p) {
			return q, true
		}
	}
	return "", false
}

func asPrefix(s string) netip.Prefix {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p
	}
	a, _ := netip.ParseAddr(s)
	return netip.PrefixFrom(a, a.BitLen())
}
