package manifest

import (
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the manifest's JSON Schema.
const SchemaID = "https://github.com/endpointgen/endpointgen/manifest-v1.schema.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of the v1 manifest,
// reflected from the same Go types and tags the decoder uses, so the two
// cannot drift. Editors use it for completion and validation through a
// "# yaml-language-server: $schema=…" line.
func JSONSchema() ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "yaml",
		RequiredFromJSONSchemaTags: true,
		ExpandedStruct:             true,
		DoNotReference:             true,
	}
	s := r.Reflect(&Manifest{})
	s.ID = SchemaID
	s.Title = "endpointgen workload manifest (apiVersion endpointgen/v1)"
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the manifest schema: %w", err)
	}
	return append(b, '\n'), nil
}
