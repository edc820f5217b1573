package migrate

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
)

// feature is an argument a phase writes that azurerm 4 gained in a minor
// release: a root locked to, or constrained to, an older 4.x would fail at
// terraform validate. azurerm 5 has them all.
type feature struct {
	what  string // the argument, where it goes
	since string // the azurerm 4 release that added it
}

var (
	// CHANGELOG-v4.md, 4.36.0: "azurerm_private_dns_zone_virtual_network_link
	// - add support for the resolution_policy property"
	// (https://github.com/hashicorp/terraform-provider-azurerm/pull/29861).
	resolutionPolicyFeature = feature{"resolution_policy of azurerm_private_dns_zone_virtual_network_link", "4.36.0"}
	// CHANGELOG-v4.md, 4.9.0: "allow azurerm_storage_account to be used in
	// Data Plane restrictive environments", the provider feature
	// storage.data_plane_available
	// (https://github.com/hashicorp/terraform-provider-azurerm/pull/27818).
	dataPlaneAvailableFeature = feature{"features { storage { data_plane_available } } of the azurerm provider", "4.9.0"}
)

// require records that the phase writes f.
func (r *root) require(f feature) {
	for _, n := range r.needs {
		if n == f {
			return
		}
	}
	r.needs = append(r.needs, f)
}

// checkProviderVersion refuses a phase whose output needs an azurerm 4
// release that the lock file or the version constraint rules out: the
// lock file's problem is fixed by terraform init -upgrade, the
// constraint's by widening it first.
func (r *root) checkProviderVersion(phase manifest.Phase) error {
	if r.major.Name != "4" || len(r.needs) == 0 {
		return nil
	}
	// need is the first release that has them all.
	latest := r.needs[0]
	for _, n := range r.needs[1:] {
		if version.Must(version.NewVersion(n.since)).GreaterThan(version.Must(version.NewVersion(latest.since))) {
			latest = n
		}
	}
	need := version.Must(version.NewVersion(latest.since))
	seg := need.Segments()
	suggested := fmt.Sprintf("\"~> %d.%d\"", seg[0], seg[1])
	next := version.Must(version.NewVersion(fmt.Sprintf("%d.0.0", seg[0]+1)))
	// missing names what v lacks (every need for nil).
	missing := func(v *version.Version) string {
		var out []string
		for _, n := range r.needs {
			if v == nil || v.LessThan(version.Must(version.NewVersion(n.since))) {
				out = append(out, n.what+", added in azurerm "+n.since)
			}
		}
		return strings.Join(out, "; and ")
	}
	var problems hcl.Diagnostics
	c, at, err := r.azurermConstraint()
	if err != nil {
		return err
	}
	admits := c != nil && admitsAny([]version.Constraints{c}, need, next) != nil
	if c != nil && !admits {
		problems = append(problems, problem(at,
			fmt.Sprintf("the azurerm version constraint %q admits no azurerm 4 release with what the %s phase writes: %s", c.String(), phase, missing(nil)),
			"change it to one such as "+suggested+", run terraform init -upgrade, then run this phase again"))
	}
	locked, lockRange, err := r.lockedAzurerm()
	if err != nil {
		return err
	}
	if locked != nil && locked.LessThan(need) {
		var do string
		switch {
		case c != nil && !admits:
			do = fmt.Sprintf("change the version constraint (%s:%d) to one such as %s, run terraform init -upgrade, then run this phase again", filepath.Base(at.Filename), at.Start.Line, suggested)
		case c == nil || admitsAny([]version.Constraints{c}, next, version.Must(version.NewVersion(fmt.Sprintf("%d.0.0", seg[0]+2)))) != nil:
			// terraform init -upgrade would select the next major, whose
			// syntax differs.
			do = "constrain azurerm to " + suggested + " in required_providers, run terraform init -upgrade, then run this phase again"
		default:
			do = fmt.Sprintf("run terraform init -upgrade (the constraint %q admits azurerm %s or newer), then run this phase again", c.String(), need)
		}
		problems = append(problems, problem(lockRange,
			fmt.Sprintf("%s selects azurerm %s, which lacks what the %s phase writes: %s", lockFile, locked, phase, missing(locked)), do))
	}
	if len(problems) > 0 {
		return problems
	}
	return nil
}
