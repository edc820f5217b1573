package manifest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/endpointgen/endpointgen/generator/internal/lazyregexp"
	"github.com/invopop/jsonschema"
)

// The reflection of the JSON Schemas that schema.go embeds: TestSchemaFile
// holds the embedded files to it.

// reflectedSchema is the manifest's schema as reflected from Manifest.
func reflectedSchema() ([]byte, error) {
	return reflectSchema(&Manifest{}, SchemaID, "endpointgen workload manifest (apiVersion endpointgen/v1)")
}

// reflectedRepoDefaultsSchema is the repo defaults file's schema as
// reflected from RepoDefaults.
func reflectedRepoDefaultsSchema() ([]byte, error) {
	return reflectSchema(&RepoDefaults{}, RepoDefaultsSchemaID, "endpointgen repo defaults (endpointgen.yaml, apiVersion endpointgen/v1)")
}

// JSONSchemaExtend puts the allowed service types into the schema.
func (t ServiceType) JSONSchemaExtend(s *jsonschema.Schema) {
	for _, v := range t.Values() {
		s.Enum = append(s.Enum, v)
	}
}

func reflectSchema(v any, id, title string) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		ExpandedStruct:             true,
		DoNotReference:             true,
	}
	s := r.Reflect(v)
	s.ID = jsonschema.ID(id)
	s.Title = title
	refine(s, "")
	s.AllOf = append(s.AllOf, regionRule(s))
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the schema %s: %w", id, err)
	}
	return append(b, '\n'), nil
}

// patterns are the checks of single values that need no other field, by
// path ("[]" an item of a list, "{}" a value of a map), from the regular
// expressions the checks use.
var patterns = map[string]*lazyregexp.Regexp{
	"name":                   workloadName,
	"location":               locationName,
	"subscription_id":        guidPattern,
	"resource_group.name":    resourceGroupName,
	"network.vnet.name":      vnetName,
	"network.vnet.id":        vnetIDPattern,
	"network.vnet.location":  locationName,
	"network.subnet.name":    subnetName,
	"network.subnet.id":      subnetIDPattern,
	"network.subnets[].name": subnetName,
	"network.subnets[].id":   subnetIDPattern,
	"dns.link_vnet_ids[]":    vnetIDPattern,
	"dns.zone_ids{}":         zoneIDPattern,
	// repo defaults only
	"backend.storage_account_name": stateAccountName,
	"backend.container_name":       containerName,
	"backend.resource_group_name":  resourceGroupName,
	"backend.subscription_id":      guidPattern,
	"backend.tenant_id":            guidPattern,
}

// refine makes the reflected schema say what the decoder accepts:
//   - a string may be written as a number (provider: 5, a tag value 4711),
//     as the decoder takes a number's text;
//   - the values checked on their own meet their patterns and limits
//     (names, IDs, tags);
//   - roles belong to network.subnets only.
func refine(s *jsonschema.Schema, path string) {
	if s == nil {
		return
	}
	if s.Properties != nil {
		for pair := s.Properties.Oldest(); pair != nil; pair = pair.Next() {
			refine(pair.Value, join(path, pair.Key))
		}
	}
	refine(s.Items, path+"[]")
	refine(s.AdditionalProperties, path+"{}")
	switch path {
	case "network.subnet":
		s.Properties.Delete("roles")
	case "tags":
		// "Use tags to organize your Azure resources", Limitations:
		// https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
		s.MaxProperties = ptr(50)
		s.PropertyNames = &jsonschema.Schema{MinLength: ptr(1), MaxLength: ptr(128), Pattern: `^[^<>%&\\?/]*$`}
	case "tags{}":
		s.MaxLength = ptr(256)
	case "backend.container_name":
		s.MinLength, s.MaxLength = ptr(containerNameMin), ptr(containerNameMax)
	}
	if s.Type != "string" {
		return
	}
	if re := patterns[path]; re != nil {
		s.Pattern = re.String()
	}
	if len(s.Enum) > 0 {
		for _, v := range s.Enum {
			if n, err := strconv.Atoi(fmt.Sprint(v)); err == nil {
				s.Enum = append(s.Enum, n)
				s.Type = "" // the enum says it all: "5" or 5
			}
		}
		return
	}
	// A number is its text: it passes where that text would.
	if re := patterns[path]; re == nil || re.MatchString("1") || re.MatchString("12") {
		str := &jsonschema.Schema{Type: "string", Pattern: s.Pattern, MinLength: s.MinLength, MaxLength: s.MaxLength}
		s.Type, s.Pattern, s.MinLength, s.MaxLength = "", "", nil, nil
		s.AnyOf = []*jsonschema.Schema{str, {Type: "number"}}
	}
}

// regionRule says that location and network.vnet.location are regions of
// the chosen cloud (public when cloud is not given), unless
// location_unlisted is true: the check the decoder makes, and what editors
// complete. Each cloud's list is defined once, in root's $defs.
func regionRule(root *jsonschema.Schema) *jsonschema.Schema {
	unlisted := props(map[string]*jsonschema.Schema{"location_unlisted": {Const: true}})
	unlisted.Required = []string{"location_unlisted"}
	if root.Definitions == nil {
		root.Definitions = jsonschema.Definitions{}
	}
	var clouds []*jsonschema.Schema
	for _, c := range catalog.Clouds {
		is := props(map[string]*jsonschema.Schema{"cloud": {Const: string(c)}})
		if c != catalog.Public {
			is.Required = []string{"cloud"} // an absent cloud is public
		}
		def := "regions-" + string(c)
		root.Definitions[def] = &jsonschema.Schema{Enum: toAny(c.Regions()), Description: "The regions of the " + string(c) + " cloud."}
		in := func() *jsonschema.Schema { return &jsonschema.Schema{Ref: "#/$defs/" + def} }
		clouds = append(clouds, &jsonschema.Schema{If: is, Then: props(map[string]*jsonschema.Schema{
			"location": in(),
			"network":  props(map[string]*jsonschema.Schema{"vnet": props(map[string]*jsonschema.Schema{"location": in()})}),
		})})
	}
	return &jsonschema.Schema{If: unlisted, Else: &jsonschema.Schema{AllOf: clouds}}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// props is a schema of the given properties only, in name order.
func props(m map[string]*jsonschema.Schema) *jsonschema.Schema {
	s := &jsonschema.Schema{Properties: jsonschema.NewProperties()}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s.Properties.Set(k, m[k])
	}
	return s
}

func ptr(n uint64) *uint64 { return &n }
