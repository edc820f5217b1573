// Package templates embeds the text/template files endpointgen renders:
// versions.tf and providers.tf (HCL, formatted by hclwrite after rendering)
// and the generated module's README.md; and in scaffold/ the files of a new
// landing-zone repository (endpointgen init). The module's templates are
// parsed from process start (Trees).
package templates

import "embed"

// FS holds every *.tmpl file of this directory, named by base name.
//
//go:embed *.tmpl
var FS embed.FS

// Scaffold holds the templates of endpointgen init, in scaffold/. They are
// not module templates, so --templates cannot override them.
//
//go:embed scaffold/*.tmpl
var Scaffold embed.FS
