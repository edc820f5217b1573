package migrate

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"

	"github.com/hashicorp/go-version"
)

// TestProviderMajor: the lock file decides, then the version constraint and
// the subnet syntax; --provider settles what they leave open and must agree
// with them.
func TestProviderMajor(t *testing.T) {
	lock := func(v string) string {
		return "provider \"registry.terraform.io/hashicorp/azurerm\" {\n  version     = \"" + v + "\"\n  constraints = \">= 3.0.0\"\n}\n"
	}
	constraint := func(c string) string {
		return "terraform {\n  required_providers {\n    azurerm = {\n      source  = \"hashicorp/azurerm\"\n      version = \"" + c + "\"\n    }\n  }\n}\n"
	}
	const blocks5 = "resource \"azurerm_subnet\" \"a\" {\n  service_endpoint {\n    service = \"Microsoft.Storage\"\n  }\n}\n"
	const attr4 = "resource \"azurerm_subnet\" \"a\" {\n  service_endpoints = [\"Microsoft.Storage\"]\n}\n"
	tests := []struct {
		name, lock, tf, flag, want string
	}{
		{"lock 4 wins over an open constraint", lock("4.81.0"), constraint(">= 4.0"), "", "4"},
		{"lock 5 without a constraint", lock("5.2.0"), "", "", "5"},
		{"lock 5 over azurerm 4 subnet syntax", lock("5.2.0"), attr4, "", "5"},
		{"flag agrees with the lock", lock("5.2.0"), "", "5", "5"},
		{"flag disagrees with the lock", lock("5.2.0"), "", "4", "error:.terraform.lock.hcl:2,--provider 4 disagrees with .terraform.lock.hcl, which selects azurerm 5.2.0"},
		{"lock on azurerm 3", lock("3.117.0"), "", "", "error:.terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 3.117.0"},
		{"pessimistic 4", "", constraint("~> 4.81"), "", "4"},
		{"pessimistic 5", "", constraint("~> 5.2"), "", "5"},
		{"legacy string form", "", "terraform {\n  required_providers {\n    azurerm = \"~> 4.0\"\n  }\n}\n", "", "4"},
		{"range below 5", "", constraint(">= 4.50, < 5.0.0"), "", "4"},
		{"range from 5", "", constraint("> 4.99.99, != 5.0.0"), "", "error:admits azurerm 4 and 5"}, // 4.99.100
		{"5 but its first release", "", constraint(">= 5.0.0, != 5.0.0"), "", "5"},
		{"exact 5", "", constraint("5.1.0"), "", "5"},
		{"both, no lock", "", constraint(">= 4.0"), "", "error:admits azurerm 4 and 5, so it may run on azurerm 4 or 5"},
		{"both, no lock, flag", "", constraint(">= 4.0"), "5", "5"},
		{"flag outside the constraint", "", constraint("~> 4.81"), "5", "error:--provider 5 disagrees with the root: the azurerm version constraint \"~> 4.81\" (main.tf:5) admits azurerm 4"},
		{"neither major", "", constraint("< 4.0"), "", "error:main.tf:5,the azurerm version constraint admits neither"},
		{"nothing says", "", "", "", "error:nothing constrains the azurerm version, so it may run on azurerm 4 or 5"},
		{"nothing says, flag", "", "", "4", "4"},
		{"subnet blocks are azurerm 5", "", blocks5, "", "5"},
		{"subnet attribute is azurerm 4", "", constraint(">= 4.0") + attr4, "", "4"},
		{"subnet syntax against the flag", "", attr4, "5", "error:--provider 5 disagrees with the root: the subnets write service endpoints in azurerm 4 syntax"},
		{"unknown flag", "", "", "3", "error:--provider 3: endpointgen writes azurerm 4 or 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "main.tf"), []byte(tt.tf), 0o644)
			if tt.lock != "" {
				os.WriteFile(filepath.Join(dir, lockFile), []byte(tt.lock), 0o644)
			}
			r, err := load(dir, tt.flag)
			want, isErr := strings.CutPrefix(tt.want, "error:")
			switch {
			case !isErr && err != nil:
				t.Fatalf("error %v, want azurerm %s", err, tt.want)
			case !isErr && r.major.Name != tt.want:
				t.Errorf("azurerm %s, want %s", r.major.Name, tt.want)
			case isErr && err == nil:
				t.Fatalf("azurerm %s, want an error %q", r.major.Name, want)
			case isErr:
				assertProblem(t, err, want)
			}
		})
	}
}

// assertProblem checks an error: "FILE:LINE,TEXT" wants a diagnostic at
// that line of that file whose summary starts with TEXT; anything else is
// a substring of the error.
func assertProblem(t *testing.T, err error, want string) {
	t.Helper()
	at, text, placed := strings.Cut(want, ",")
	if placed && strings.Contains(at, ".") && strings.Contains(at, ":") {
		file, line, _ := strings.Cut(at, ":")
		for _, d := range asDiagnostics(err) {
			if d.Subject != nil && filepath.Base(d.Subject.Filename) == file && itoa(d.Subject.Start.Line) == line && strings.HasPrefix(d.Summary, text) {
				return
			}
		}
		t.Errorf("no problem at %s starting %q: %v", at, text, err)
		return
	}
	if strings.Contains(err.Error(), want) {
		return
	}
	for _, d := range asDiagnostics(err) { // Error() shows the first only
		if strings.Contains(d.Summary+"; "+d.Detail, want) {
			return
		}
	}
	t.Errorf("error %v, want it to contain %q", err, want)
}

// TestAdmitsAny: the boundary versions come from the constraints' own
// terms, so a constraint that admits a range only between two of them is
// still found.
func TestAdmitsAny(t *testing.T) {
	v := func(s string) *version.Version { return version.Must(version.NewVersion(s)) }
	tests := []struct {
		constraints []string
		lo, hi      string
		want        bool
	}{
		{[]string{"1.6.6"}, "0.0.0", "1.7.0", true},
		{[]string{">= 1.5, != 1.6.0"}, "0.0.0", "1.7.0", true},
		{[]string{">= 1.7"}, "0.0.0", "1.7.0", false},
		{[]string{"~> 1.6"}, "0.0.0", "1.7.0", true},
		{[]string{"~> 1.7.0"}, "0.0.0", "1.7.0", false},
		{[]string{"> 1.6.6"}, "0.0.0", "1.7.0", true},
		{[]string{">= 1.6.6, != 1.6.6, != 1.6.7"}, "0.0.0", "1.7.0", true},
		{[]string{">= 1.6.6, < 1.6.7, != 1.6.6"}, "0.0.0", "1.7.0", false},
		{[]string{">= 1.0"}, "0.0.0", "1.7.0", true},
		{[]string{">= 1.0", ">= 1.9"}, "0.0.0", "1.7.0", false},
		{[]string{"< 2.0"}, "0.0.0", "1.7.0", true},
		{[]string{"~> 4.81"}, "5.0.0", "6.0.0", false},
		{[]string{">= 4.0"}, "5.0.0", "6.0.0", true},
	}
	for _, tt := range tests {
		var cs []version.Constraints
		for _, c := range tt.constraints {
			cs = append(cs, version.MustConstraints(version.NewConstraint(c)))
		}
		if got := admitsAny(cs, v(tt.lo), v(tt.hi)) != nil; got != tt.want {
			t.Errorf("%q admits a version in [%s, %s): %v, want %v", tt.constraints, tt.lo, tt.hi, got, tt.want)
		}
	}
}

func asDiagnostics(err error) hcl.Diagnostics {
	var diags hcl.Diagnostics
	if errors.As(err, &diags) {
		return diags
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestProviderVersionCoversWhatPhasesWrite: a root locked or constrained
// to an azurerm 4 release older than an argument a phase writes is
// refused at the lock file or the constraint, with the fix; a root whose
// provider has it, or a phase that does not write it, runs.
func TestProviderVersionCoversWhatPhasesWrite(t *testing.T) {
	lock := func(v string) string {
		return "provider \"registry.terraform.io/hashicorp/azurerm\" {\n  version     = \"" + v + "\"\n  constraints = \"~> 4.0\"\n}\n"
	}
	const upgrade = "Run terraform init -upgrade (the constraint"
	tests := []struct {
		name       string
		phase      manifest.Phase
		constraint string // replaces ~> 4.81; "" removes the version argument
		lock       string
		dns        manifest.DNSMode
		want       []string // problems: FILE:LINE,TEXT or a substring
	}{
		{"lock below resolution_policy", manifest.PhaseAdd, "~> 4.20", "4.30.0", "", []string{
			".terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 4.30.0, which lacks what the add phase writes: resolution_policy of azurerm_private_dns_zone_virtual_network_link, added in azurerm 4.36.0",
			upgrade + ` "~> 4.20" admits azurerm 4.36.0 or newer)`}},
		{"lock one release below", manifest.PhaseAdd, "~> 4.20", "4.35.1", "", []string{".terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 4.35.1"}},
		{"lock at the release", manifest.PhaseAdd, "~> 4.20", "4.36.0", "", nil},
		{"lock 5", manifest.PhaseAdd, "~> 5.2", "5.2.0", "", nil},
		{"no link written", manifest.PhaseAdd, "~> 4.20", "4.30.0", manifest.DNSPolicy, nil},
		{"constraint below", manifest.PhaseAdd, "~> 4.30.0", "", "", []string{
			`main.tf:11,the azurerm version constraint "~> 4.30.0" admits no azurerm 4 release with what the add phase writes: resolution_policy`,
			`Change it to one such as "~> 4.36"`}},
		{"exact constraint below", manifest.PhaseAdd, "4.35.0", "", "", []string{`main.tf:11,the azurerm version constraint "4.35.0"`}},
		{"constraint and lock below", manifest.PhaseAdd, "~> 4.30.0", "4.30.0", "", []string{
			`main.tf:11,the azurerm version constraint`,
			`.terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 4.30.0`,
			`Change the version constraint (main.tf:11) to one such as "~> 4.36"`}},
		{"constraint admits 5", manifest.PhaseAdd, ">= 4.0", "4.30.0", "", []string{
			`.terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 4.30.0`,
			`Constrain azurerm to "~> 4.36" in required_providers`}},
		{"no constraint", manifest.PhaseAdd, "", "4.30.0", "", []string{`Constrain azurerm to "~> 4.36" in required_providers`}},
		{"lock below data_plane_available", manifest.PhaseCutover, "~> 4.0", "4.8.0", "", []string{
			".terraform.lock.hcl:2,.terraform.lock.hcl selects azurerm 4.8.0, which lacks what the cutover phase writes: features { storage { data_plane_available } } of the azurerm provider, added in azurerm 4.9.0"}},
		{"lock at data_plane_available", manifest.PhaseCutover, "~> 4.0", "4.9.0", "", nil},
		{"constraint below data_plane_available", manifest.PhaseCutover, "~> 4.8.0", "", "", []string{`main.tf:11,the azurerm version constraint "~> 4.8.0" admits no azurerm 4 release with what the cutover phase writes: features { storage { data_plane_available } }`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			from := "testdata/inline-rules/before"
			if tt.phase == manifest.PhaseCutover {
				from = "testdata/inline-rules/after-add"
			}
			if strings.HasPrefix(tt.constraint, "~> 5") {
				from = "testdata/inline-rules-azurerm5/before"
			}
			copyDir(t, from, dir)
			main := filepath.Join(dir, "main.tf")
			src, _ := os.ReadFile(main)
			old := regexp.MustCompile(`\n *version = "~> [45]\.[0-9.]+"`)
			if !old.Match(src) {
				t.Fatal("the fixture has no azurerm version constraint")
			}
			repl := "\n      version = \"" + tt.constraint + "\""
			if tt.constraint == "" {
				repl = ""
			}
			os.WriteFile(main, old.ReplaceAll(src, []byte(repl)), 0o644)
			if tt.lock != "" {
				os.WriteFile(filepath.Join(dir, lockFile), []byte(lock(tt.lock)), 0o644)
			}
			changes, diags := Run(dir, Options{Phase: tt.phase, DNSMode: tt.dns})
			if len(tt.want) == 0 {
				if diags.HasErrors() {
					t.Fatal(diags)
				}
				if len(changes) == 0 {
					t.Fatal("no changes")
				}
				return
			}
			if !diags.HasErrors() {
				t.Fatalf("no error, want %q", tt.want)
			}
			if changes != nil {
				t.Error("changes come with the problems")
			}
			for _, w := range tt.want {
				assertProblem(t, diags, w)
			}
		})
	}
}

// TestCapitalize: a sentence gets its capital letter, but a name it starts
// with (a file, a path, an address, a flag) is shown as it is. A bare
// directory name looks like a word, so no message starts with one.
func TestCapitalize(t *testing.T) {
	for in, want := range map[string]string{
		"infra/nope holds no .tf files":   "infra/nope holds no .tf files",
		"main.tf:3: x":                    "main.tf:3: x",
		"--account x: no such":            "--account x: no such",
		".terraform.lock.hcl selects":     ".terraform.lock.hcl selects",
		"no storage account restricts":    "No storage account restricts",
		"run terraform init -upgrade":     "Run terraform init -upgrade",
		"azurerm_subnet.app is delegated": "azurerm_subnet.app is delegated",
		"":                                "",
	} {
		if got := capitalize(in); got != want {
			t.Errorf("capitalize(%q) = %q, want %q", in, got, want)
		}
	}
}
