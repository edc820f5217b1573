// Package scaffold renders the files of a new landing-zone repository, the
// ones endpointgen init writes besides the generated stacks: the repository
// defaults, sample manifests, CI, pre-commit, .gitignore, .editorconfig and
// README.md. It writes nothing; the facade adds the stacks and the CLI
// writes the lot through outdir.
package scaffold

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/internal/render"
	"github.com/endpointgen/endpointgen/generator/outdir"
	"github.com/endpointgen/endpointgen/templates"
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// CI is the CI system a new repository gets a pipeline for.
type CI string

// The CI systems init writes a pipeline for.
const (
	GitHub         CI = "github"
	AzurePipelines CI = "azure-pipelines"
	GitLab         CI = "gitlab"
)

// CIs lists the CI systems in the order help texts name them.
var CIs = []CI{GitHub, AzurePipelines, GitLab}

// ciFiles are the pipeline file each CI system reads.
var ciFiles = map[CI]string{
	GitHub:         ".github/workflows/endpointgen.yml",
	AzurePipelines: "azure-pipelines.yml",
	GitLab:         ".gitlab-ci.yml",
}

// ParseCI reads a --ci value.
func ParseCI(s string) (CI, error) {
	for _, c := range CIs {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("%q is not a CI system; use %s", s, CINames())
}

// CINames lists the CI systems for messages: "github, azure-pipelines or gitlab".
func CINames() string {
	names := make([]string, len(CIs))
	for i, c := range CIs {
		names[i] = string(c)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Versions the scaffold pins. Raise them here; the goldens follow with
// make golden.
const (
	// Module is endpointgen's module path, as go.mod declares it.
	Module = "github.com/endpointgen/endpointgen"
	// Terraform is the version CI installs: the one endpointgen's own
	// checks run with; the posture tests need 1.11 or newer.
	Terraform = "1.11.4"
	// Go is the Go release CI installs endpointgen with (go.mod's go
	// line); go install fetches a newer toolchain if a later endpointgen
	// needs one.
	Go = "1.26"
	// PreCommitTerraform is the release of
	// https://github.com/antonbabenko/pre-commit-terraform whose
	// terraform_fmt hook the pre-commit configuration uses.
	PreCommitTerraform = "v1.109.0"
)

// Options say what to scaffold.
type Options struct {
	// CI is the system to write a pipeline for; empty means GitHub.
	CI CI
	// Version is the version of the endpointgen that runs init. A release
	// (a semantic version tag such as v1.4.0) pins CI's go install and the
	// pre-commit hooks to it; anything else (a development build, a
	// pseudo-version) uses the latest release and endpointgen's main branch.
	Version string
}

// Workload is one sample manifest init writes, and the stack it generates.
type Workload struct {
	File    string // below workloads/
	Stack   string // below stacks/
	Pattern string
}

// Workloads are the sample manifests, one per pattern.
var Workloads = []Workload{
	{File: "sample-private-endpoint.yaml", Stack: "sample-private-endpoint", Pattern: "private-endpoint"},
	{File: "sample-service-endpoint.yaml", Stack: "sample-service-endpoint", Pattern: "service-endpoint"},
}

// data is what the templates see.
type data struct {
	Options
	Module, Terraform, Go, PreCommitTerraform string
	Released                                  bool   // Version is a release
	Rev                                       string // the git ref of endpointgen's repository: the release tag, or main
	CIFile                                    string
	StacksCheck                               string // the shell script that checks every stack, shared by the pipelines
	StacksChanges                             string // the shell script that says what a change does to the stacks, shared too
	Workloads                                 []Workload
}

// Files renders the repository's own files (not the stacks), sorted by
// name, slash-separated and relative to the repository's root.
func Files(opts Options) (outdir.Files, error) {
	if opts.CI == "" {
		opts.CI = GitHub
	}
	if _, err := ParseCI(string(opts.CI)); err != nil {
		return nil, err
	}
	d := data{Options: opts, Module: Module, Terraform: Terraform, Go: Go, PreCommitTerraform: PreCommitTerraform,
		Rev: "main", CIFile: ciFiles[opts.CI], Workloads: Workloads}
	d.Options.Version = "latest"
	if Released(opts.Version) {
		d.Released, d.Rev, d.Options.Version = true, opts.Version, opts.Version
	}
	fsys, err := fs.Sub(templates.Scaffold, "scaffold")
	if err != nil {
		return nil, err
	}
	check, err := render.Exec(fsys, d, "stacks-check.sh.tmpl")
	if err != nil {
		return nil, err
	}
	d.StacksCheck = strings.TrimRight(string(check), "\n")
	changes, err := render.Exec(fsys, d, "stacks-changes.sh.tmpl")
	if err != nil {
		return nil, err
	}
	d.StacksChanges = strings.TrimRight(string(changes), "\n")

	// output file → template
	want := map[string]string{
		"endpointgen.yaml":        "endpointgen.yaml.tmpl",
		".pre-commit-config.yaml": "pre-commit-config.yaml.tmpl",
		".gitignore":              "gitignore.tmpl",
		".editorconfig":           "editorconfig.tmpl",
		"README.md":               "README.md.tmpl",
		ciFiles[opts.CI]:          "ci-" + string(opts.CI) + ".yml.tmpl",
	}
	for _, w := range Workloads {
		want[path.Join("workloads", w.File)] = w.File + ".tmpl"
	}
	var files outdir.Files
	for name, tmpl := range want {
		b, err := render.Exec(fsys, d, tmpl, "schema.tmpl")
		if err != nil {
			return nil, err
		}
		files = append(files, outdir.File{Name: name, Bytes: b})
	}
	slices.SortFunc(files, func(a, b outdir.File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}

// Released reports whether version is a release that go install and
// pre-commit can fetch: a semantic version tag, not a pseudo-version (a
// commit that may exist only where endpointgen was built) and without
// build metadata (+dirty).
func Released(version string) bool {
	return semver.IsValid(version) && semver.Build(version) == "" && !module.IsPseudoVersion(version)
}
