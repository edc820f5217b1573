package manifest

import _ "embed"

// The JSON Schemas (draft 2020-12) of the manifest and of the repo defaults
// file are reflected from the same Go types and tags the decoder uses, so
// the two cannot drift, then given what the decoder accepts beyond the
// types. The reflection (github.com/invopop/jsonschema) runs in the tests
// (schema_reflect_test.go), which hold these files, and examples/'s copies
// for editors, to it; `make golden` rewrites them. Reflecting at run time
// cost every run of endpointgen the initialisation of the reflector's
// dependencies (a second YAML library, go/parser, go/doc), about a tenth
// of a one-workload generate.
var (
	//go:embed schema/manifest-v1.schema.json
	manifestSchema []byte
	//go:embed schema/defaults-v1.schema.json
	repoDefaultsSchema []byte
)

// SchemaID is the $id of the manifest's JSON Schema.
const SchemaID = "https://github.com/endpointgen/endpointgen/manifest-v1.schema.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of the v1 manifest.
// Editors use it for completion, hovers and validation through a
// "# yaml-language-server: $schema=…" line. The caller must not change it.
func JSONSchema() []byte { return manifestSchema }

// RepoDefaultsSchemaID is the $id of the repo defaults file's JSON Schema.
const RepoDefaultsSchemaID = "https://github.com/endpointgen/endpointgen/defaults-v1.schema.json"

// RepoDefaultsJSONSchema returns the JSON Schema (draft 2020-12) of the
// repo defaults file (endpointgen.yaml). The caller must not change it.
func RepoDefaultsJSONSchema() []byte { return repoDefaultsSchema }
