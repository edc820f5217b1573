// Package templates embeds the text/template files endpointgen renders:
// versions.tf and providers.tf (HCL, formatted by hclwrite after rendering)
// and the generated module's README.md.
package templates

import "embed"

// FS holds every *.tmpl file of this directory, named by base name.
//
//go:embed *.tmpl
var FS embed.FS
