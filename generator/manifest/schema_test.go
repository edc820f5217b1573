package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compile(t, JSONSchema(), SchemaID)
}

func compile(t *testing.T, b []byte, id string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("the schema is not valid JSON Schema: %v", err)
	}
	return s
}

// yamlValue decodes YAML into the plain values a JSON Schema validator takes.
func yamlValue(t *testing.T, path string) any {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSchemaFile keeps the schemas endpointgen embeds (and `endpointgen
// schema` prints), and examples/'s copies that editors point at, equal to
// what the reflection of the Go types makes; -update rewrites them.
func TestSchemaFile(t *testing.T) {
	for _, tc := range []struct {
		reflect func() ([]byte, error)
		files   []string
	}{
		{reflectedSchema, []string{"schema/manifest-v1.schema.json", "../../examples/manifest-v1.schema.json"}},
		{reflectedRepoDefaultsSchema, []string{"schema/defaults-v1.schema.json", "../../examples/defaults-v1.schema.json"}},
	} {
		b, err := tc.reflect()
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range tc.files {
			golden.File(t, path, b)
		}
	}
}

// TestRepoDefaultsSchema checks that the schema of the repo defaults file
// agrees with LoadRepoDefaults on the landing-zone example and on values
// each side rejects.
func TestRepoDefaultsSchema(t *testing.T) {
	s := compile(t, RepoDefaultsJSONSchema(), RepoDefaultsSchemaID)
	for _, path := range []string{"../../examples/landing-zone/endpointgen.yaml"} {
		if err := s.Validate(yamlValue(t, path)); err != nil {
			t.Errorf("%s: invalid to the schema: %v", path, err)
		}
		src, _ := os.ReadFile(path)
		if _, diags := LoadRepoDefaults(src, path); diags.HasErrors() {
			t.Errorf("%s: %s", path, diags.Error())
		}
	}
	// Blob container names Azure allows, at the edges of the rule: 3 to
	// 63 characters, single hyphens between letters or digits.
	for _, name := range []string{"a-b", "abc", strings.Repeat("a-", 31) + "a", strings.Repeat("a", 63), "0tf-state-1"} {
		src := "apiVersion: endpointgen/v1\nbackend: { storage_account_name: ststate, container_name: " + name + " }\n"
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("the schema rejects container_name %s: %v", name, err)
		}
		if _, diags := LoadRepoDefaults([]byte(src), "endpointgen.yaml"); diags.HasErrors() {
			t.Errorf("LoadRepoDefaults rejects container_name %s: %s", name, diags.Error())
		}
	}
	for _, src := range []string{
		"location: westeurop",
		"cloud: azure",
		"name: orders",
		"backend: { storage_account_name: st-state, container_name: tfstate }",
		"backend: { storage_account_name: ststate, container_name: ab }",
		"backend: { storage_account_name: ststate, container_name: tf-state- }",
		"backend: { storage_account_name: ststate, container_name: " + strings.Repeat("a", 64) + " }",
		"backend: { storage_account_name: ststate, container_name: " + strings.Repeat("a-", 32) + "a }",
		"backend: { storage_account_name: ststate }",
		"backend: { storage_account_name: ststate, container_name: tfstate, tenant_id: contoso }",
		"dns: { zone_ids: { privatelink.blob.core.windows.net: hub } }",
	} {
		src = "apiVersion: endpointgen/v1\n" + src + "\n"
		var v any
		if err := yaml.Unmarshal([]byte(src), &v); err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err == nil {
			t.Errorf("the schema accepts %q", src)
		}
		if _, diags := LoadRepoDefaults([]byte(src), "endpointgen.yaml"); !diags.HasErrors() {
			t.Errorf("LoadRepoDefaults accepts %q", src)
		}
	}
}

// beyondSchema are the invalid fixtures whose every error is beyond what
// the schema says: checks across fields, against the catalogue or the
// cloud, of CIDR arithmetic, or of YAML itself. The schema must accept
// them (it is never stricter than the decoder); it must reject every other
// fixture, as the decoder does.
var beyondSchema = map[string]string{
	"alias-position":                        "sub-resources of a type, and names across services",
	"cidrs":                                 "CIDR arithmetic and public ranges",
	"cognitive-zones-per-kind":              "zones of a kind in a cloud, from the catalogue",
	"cosmos-apis":                           "APIs compared across sub-resources",
	"cosmos-apis-service-endpoint":          "APIs compared across sub-resources",
	"dfs-without-hns":                       "a field against the sub-resources",
	"duplicate-field":                       "not YAML: a mapping key given twice",
	"ignore-tag-changes":                    "names compared with each other and with tags",
	"migration":                             "a field of another pattern",
	"missing-location":                      "a value the repo defaults file may give",
	"collision-dns-links":                   "names derived from two fields",
	"collision-endpoints":                   "names derived across services",
	"collision-labels":                      "names compared across services and subnets",
	"collision-namespaces":                  "names compared across services",
	"collision-namespaces-service-endpoint": "names compared across services",
	"collision-sql-vnet-rules":              "names derived from services and subnets",
	"dns":                                   "zones the services need; fields of another mode",
	"dns-service-endpoint":                  "fields of another pattern",
	"existing-network":                      "fields of another network shape",
	"fields-of-other-pattern":               "fields of another pattern",
	"network-ranges":                        "CIDR arithmetic and public ranges",
	"new-subnet-in-existing-vnet":           "a field required by another's value",
	"nil-guid":                              "the nil GUID, a value of the pattern",
	"nil-guid-ids":                          "the nil GUID, a value of the pattern",
	"overlapping-ip-ranges":                 "CIDR arithmetic",
	"subnet-in-another-subscription":        "a field against another's ID",
	"subresource-typo-service-endpoint":     "sub-resources of the service type",
	"several-documents":                     "YAML documents after the first",
	"unknown-subresource":                   "sub-resources of the service type",
	"vnet-location-by-name":                 "fields of another network shape",
	"vnet-location-new":                     "fields of another network shape",
	"yaml-indentation":                      "not YAML",
	"yaml-indentation-mapping":              "not YAML",
	"yaml-syntax":                           "not YAML",
	"yaml-tab":                              "not YAML",
}

// TestSchemaAgreesWithDecoder checks the schema against the decoder on the
// same inputs: every example is valid to both; every invalid fixture is
// invalid to both, unless its errors are beyond a schema (then the schema
// accepts it); and small manifests on the edges of what the schema says
// get the same answer from both.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	s := compileSchema(t)
	examples, _ := filepath.Glob("../../examples/*/manifest.yaml")
	for _, path := range examples {
		if err := s.Validate(yamlValue(t, path)); err != nil {
			t.Errorf("%s: valid to the decoder, invalid to the schema: %v", path, err)
		}
	}
	fixtures, _ := filepath.Glob("testdata/invalid/*.yaml")
	seen := map[string]bool{}
	for _, path := range fixtures {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		seen[name] = true
		src, _ := os.ReadFile(path)
		if _, diags := Load(src, path, PhaseNone); !diags.HasErrors() {
			t.Fatalf("%s: the decoder accepts it", path)
		}
		why, beyond := beyondSchema[name]
		if strings.HasPrefix(why, "not YAML") {
			continue
		}
		err := s.Validate(yamlValue(t, path))
		switch {
		case beyond && err != nil:
			t.Errorf("%s: its errors are beyond a schema (%s), yet the schema rejects it: %v", path, why, err)
		case !beyond && err == nil:
			t.Errorf("%s: invalid to the decoder, valid to the schema", path)
		}
	}
	for name := range beyondSchema {
		if !seen[name] {
			t.Errorf("beyondSchema names %s, which is no fixture", name)
		}
	}

	const head = "apiVersion: endpointgen/v1\nname: orders\nlocation: westeurope\npattern: private-endpoint\n"
	const services = "services:\n  - type: storage\n    name: stordersprod01\n"
	for _, tc := range []struct {
		yaml  string
		valid bool
	}{
		{head + services, true},
		{head + services + "provider: 5\n", true},
		{strings.Replace(head, "westeurope", "chinaeast2", 1) + services, false},
		{strings.Replace(head, "westeurope", "chinaeast2", 1) + services + "cloud: china\n", true},
		{strings.Replace(head, "westeurope", "usgovtexas", 1) + services + "cloud: china\n", false},
		{strings.Replace(head, "westeurope", "usdodeast", 1) + services + "cloud: usgovernment\n", true},
		{strings.Replace(head, "westeurope", "marsnorth", 1) + services + "location_unlisted: true\n", true},
		{strings.Replace(head, "westeurope", "marsnorth", 1) + services + "location_unlisted: false\n", false},
		{head + services + "network:\n  vnet:\n    location: usgovtexas\n  subnet:\n    id: /subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s\n", false},
		{head + services + "network:\n  vnet:\n    location: northeurope\n  subnet:\n    id: /subscriptions/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v/subnets/s\n", true},
		{head + services + "provider: \"4\"\n", true},
		{head + services + "provider: 6\n", false},
		// provider: 5.0 is beyond a schema: to JSON it is the number 5.
		{head + services + "provider: true\n", false},
		{head + services + "tags:\n  cost-center: 4711\n  ratio: 0.5\n", true},
		{head + services + "tags:\n  on: true\n", false},
		{head + services + "tags:\n", false},
		{head + services + "tags: {a/b: x}\n", false},
		{head + "services:\n  - type: storage\n    name: 12345678\n", true},
		{head + services + "network:\n  subnet:\n    name: snet-a\n    roles: [endpoints]\n", false},
		{head + services + "network:\n  subnets:\n    - name: snet-a\n      roles: [endpoints, workload]\n", true},
		{head + services + "network:\n  subnets: []\n", false},
		{head + services + "network:\n  vnet:\n    name: 12\n", true},
		{head + services + "network:\n  vnet:\n    id: \"\"\n", false},
		{head + services + "network:\n  subnet:\n    id: \"\"\n", false},
		{head + services + "resource_group:\n  name: 2024\n", true},
		{head + services + "resource_group:\n  name: rg-orders.\n", false},
		{head + services + "dns:\n  link_vnet_ids:\n", false},
		{head + "services:\n  - type: storage\n    name: stordersprod01\n    allowed_ip_ranges:\n", false},
	} {
		_, diags := Load([]byte(tc.yaml), "m.yaml", PhaseNone)
		var v any
		if err := yaml.Unmarshal([]byte(tc.yaml), &v); err != nil {
			t.Fatal(err)
		}
		err := s.Validate(v)
		if diags.HasErrors() == tc.valid || (err == nil) != tc.valid {
			t.Errorf("%q: want valid=%v; decoder: %v; schema: %v", tc.yaml, tc.valid, diags.Errs(), err)
		}
	}
}

// TestSchemaNamesEveryField walks the decoder's struct tags and the
// schema's properties together: the same keys, the same required ones, at
// every level.
func TestSchemaNamesEveryField(t *testing.T) {
	b := JSONSchema()
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, typ reflect.Type, schema map[string]any)
	walk = func(path string, typ reflect.Type, schema map[string]any) {
		props, _ := schema["properties"].(map[string]any)
		var required []string
		for _, r := range asSlice(schema["required"]) {
			required = append(required, r.(string))
		}
		var keys, wantRequired []string
		for i := 0; i < typ.NumField(); i++ {
			tag := parseTag(typ.Field(i))
			if tag.key == "-" {
				continue
			}
			keys = append(keys, tag.key)
			if tag.required {
				wantRequired = append(wantRequired, tag.key)
			}
			if path+"."+tag.key == "manifest.network.subnet.roles" {
				continue // roles are for network.subnets only
			}
			prop, ok := props[tag.key].(map[string]any)
			if !ok {
				t.Errorf("%s: schema has no property %q", path, tag.key)
				continue
			}
			ft := typ.Field(i).Type
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				walk(path+"."+tag.key+"[]", ft.Elem(), prop["items"].(map[string]any))
			} else if ft.Kind() == reflect.Struct {
				walk(path+"."+tag.key, ft, prop)
			}
		}
		if path == "manifest.network.subnet" {
			keys = slices.DeleteFunc(keys, func(k string) bool { return k == "roles" })
		}
		if len(props) != len(keys) {
			t.Errorf("%s: schema has %d properties, decoder %d keys (%v)", path, len(props), len(keys), keys)
		}
		sort.Strings(required)
		sort.Strings(wantRequired)
		if diff := cmp.Diff(wantRequired, required, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s: required fields differ (-decoder +schema):\n%s", path, diff)
		}
	}
	walk("manifest", reflect.TypeOf(Manifest{}), root)
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// TestSchemaDescribesEveryField: editors show a field's description on
// hover, so every property at every level has one.
func TestSchemaDescribesEveryField(t *testing.T) {
	b := JSONSchema()
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, schema map[string]any)
	walk = func(path string, schema map[string]any) {
		props, _ := schema["properties"].(map[string]any)
		for key, p := range props {
			prop := p.(map[string]any)
			if d, _ := prop["description"].(string); len(d) < 10 {
				t.Errorf("%s.%s has no description", path, key)
			}
			walk(path+"."+key, prop)
			if items, ok := prop["items"].(map[string]any); ok {
				walk(path+"."+key+"[]", items)
			}
		}
	}
	walk("manifest", root)
}
