package manifest

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
)

// Load decodes, defaults and checks the manifest src; filename is used only
// in diagnostics. phase is the migration phase it is generated for;
// PhaseNone takes the manifest's migration.phase, or its pattern outside a
// migration. A phase wants a service-endpoint manifest. Every problem is reported, in the order of the file, at its
// line and column; the manifest is usable only when the diagnostics hold no
// error. Validation runs on whatever decoded, so one run reports them all.
func Load(src []byte, filename string, phase Phase) (*Manifest, hcl.Diagnostics) {
	return LoadWith(src, filename, phase, Inherit{})
}

// Inherit is what a manifest takes from outside its own file.
type Inherit struct {
	// Defaults are the repo defaults the manifest inherits; nil for none.
	Defaults *RepoDefaults
}

// LoadWith is Load for a manifest that inherits the repo defaults in.
func LoadWith(src []byte, filename string, phase Phase, in Inherit) (*Manifest, hcl.Diagnostics) {
	m, pos, decoded := decodeManifest(src, filename)
	if m == nil {
		return nil, decoded
	}
	var diags hcl.Diagnostics
	m.Phase = phase
	if phase == PhaseNone {
		m.Phase = m.Migration.Phase
	}
	if m.Phase != PhaseNone && m.Pattern != PatternServiceEndpoint && m.Pattern != "" {
		r, detail := pos["pattern"], ""
		if phase == PhaseNone {
			r, detail = pos["migration"+keySuffix], ": remove migration once the move is complete"
		}
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Not a service-endpoint workload",
			Detail: "endpointgen migrate moves a pattern: service-endpoint workload to private endpoints; this one is " + string(m.Pattern) + " already" + detail + ".", Subject: &r})
	}
	_, cloudGiven := pos["cloud"]
	cloudUnknown := cloudGiven && m.Cloud == "" // the decoder has reported it
	if d := in.Defaults; d != nil {
		diags = append(diags, d.inherit(m, pos)...)
	}
	m.applyDefaults()
	if d := in.Defaults; d != nil {
		d.inheritZones(m, pos)
		b, diag := d.backend(m, filename)
		if diag != nil {
			diags = append(diags, diag)
		}
		m.Backend = b
	}
	_, given := pos["location"]
	if _, misspelt := pos["location"+misspeltSuffix]; !given && !misspelt {
		diags = append(diags, missingLocation(pos, in.Defaults))
	}
	diags = withoutEcho(decoded, append(diags, validateManifest(m, pos, cloudUnknown)...))
	if d := in.Defaults; d != nil {
		diags = d.attribute(diags, m, filename)
	}
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		return a != nil && b != nil && a.Start.Byte < b.Start.Byte
	})
	m.pos = pos
	return m, diags
}
