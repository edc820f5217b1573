package migrate

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
		{"flag outside the constraint", "", constraint("~> 4.81"), "5", "error:--provider 5 disagrees with the root: the azurerm version constraint \"~> 4.81\" (main.tf:3) admits azurerm 4"},
		{"neither major", "", constraint("< 4.0"), "", "error:main.tf:3,the azurerm version constraint admits neither"},
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
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to contain %q", err, want)
	}
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
