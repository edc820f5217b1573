// Package generator is endpointgen's pure core behind a small facade:
// Generate, Validate and Explain take a manifest's bytes and return files or
// text with every problem as an hcl.Diagnostic at its file, line and column.
//
// The layers below it import one way:
//
//	generator            the facade (this package)
//	├── manifest         the v1 contract: types, typed values, decode, defaults, checks, JSON Schema
//	├── migrate          migration phases: order and checklists; in-place edits of hand-written roots
//	├── internal/build   manifest → files: one file per pattern and per service type
//	│   ├── internal/render   templates with sprig, the --templates overlay
//	│   └── internal/azurerm  azurerm 4 vs 5, and the one private-link builder
//	│       └── internal/hclgen  hclwrite helpers, labels, the name shortener
//	├── scaffold         endpointgen init: a new landing-zone repository's files
//	├── catalog          Azure facts as data (imports nothing of the project but internal/lazyregexp)
//	└── outdir           the only code that reads or writes the output directory
package generator
