package manifest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/endpointgen/endpointgen/generator/internal/golden"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

const schemaFile = "../../examples/manifest-v1.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
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

// TestSchemaFile keeps the committed schema that editors point at equal to
// what `endpointgen schema` prints; -update rewrites it.
func TestSchemaFile(t *testing.T) {
	b, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	golden.File(t, schemaFile, b)
}

// TestSchemaAgreesWithDecoder checks the schema against the decoder on the
// same inputs: every example is valid to both, and the fixtures whose
// mistakes are structural (unknown field, wrong type, value not allowed,
// missing field) are invalid to both.
func TestSchemaAgreesWithDecoder(t *testing.T) {
	s := compileSchema(t)
	examples, _ := filepath.Glob("../../examples/*/manifest.yaml")
	for _, path := range examples {
		if err := s.Validate(yamlValue(t, path)); err != nil {
			t.Errorf("%s: valid to the decoder, invalid to the schema: %v", path, err)
		}
	}
	for _, name := range []string{"unknown-field", "missing-required", "wrong-type", "unknown-pattern"} {
		path := "testdata/invalid/" + name + ".yaml"
		src, _ := os.ReadFile(path)
		if _, diags := Load(src, path, PhaseNone); !diags.HasErrors() {
			t.Fatalf("%s: the decoder accepts it", path)
		}
		if err := s.Validate(yamlValue(t, path)); err == nil {
			t.Errorf("%s: invalid to the decoder, valid to the schema", path)
		}
	}
}

// TestSchemaNamesEveryField walks the decoder's struct tags and the
// schema's properties together: the same keys, the same required ones, at
// every level.
func TestSchemaNamesEveryField(t *testing.T) {
	b, _ := JSONSchema()
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
