package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/endpointgen/endpointgen/generator/internal/spelling"
)

// Select returns the service types endpointgen catalog shows for the
// given ones: every type by name when none is given, else those given, in
// their order, each once. A type the catalogue does not know is an error
// that lists the types and the closest.
func Select(types []string) ([]string, error) {
	if len(types) == 0 {
		return SortedTypes(), nil
	}
	var out, unknown []string
	for _, t := range types {
		if _, ok := services[t]; !ok {
			hint := ""
			if best := closestType(t); best != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", best)
			}
			unknown = append(unknown, fmt.Sprintf("%q%s", t, hint))
			continue
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	switch len(unknown) {
	case 0:
		return out, nil
	case 1:
		return nil, fmt.Errorf("%s is not a service type; the types are %s", unknown[0], strings.Join(SortedTypes(), ", "))
	default:
		return nil, fmt.Errorf("%s are not service types; the types are %s", strings.Join(unknown, ", "), strings.Join(SortedTypes(), ", "))
	}
}

// closestType is the type t most likely stands for: the closest in
// spelling, else the one type it starts (sql for sql_server); "" if none.
func closestType(t string) string {
	if best := spelling.Closest(t, order); best != "" {
		return best
	}
	var starts []string
	for _, typ := range order {
		if strings.HasPrefix(typ, strings.ToLower(t)) {
			starts = append(starts, typ)
		}
	}
	if len(starts) == 1 {
		return starts[0]
	}
	return ""
}

// Text renders the catalogue's entries of types (as Select gives them) for
// endpointgen catalog: per service type its azurerm resource and
// arguments, service endpoint, private-link sub-resources with their
// private DNS zone per cloud, and the sources of those facts.
func Text(types []string) []byte {
	var b bytes.Buffer
	for i, name := range types {
		f := services[name]
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s: %s (%s)\n", f.Type, f.Title, f.Resource)
		se := f.ServiceEndpoint
		if se == "" {
			se = "none (private-endpoint only)"
		}
		fmt.Fprintf(&b, "  service endpoint:  %s\n", se)
		fmt.Fprintf(&b, "  public access:     %s\n", f.PublicAccess)
		fmt.Fprintf(&b, "  network rules:     %s\n", f.NetworkRules)
		if f.Requirement != "" {
			fmt.Fprintf(&b, "  requirement:       %s\n", f.Requirement)
		}
		if f.ServiceEndpointNote != "" {
			fmt.Fprintf(&b, "  service endpoint:  %s\n", f.ServiceEndpointNote)
		}
		fmt.Fprintf(&b, "  default:           %s\n", strings.Join(f.DefaultSubresources, ", "))
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		header := []string{"  sub-resource"}
		for _, c := range Clouds {
			header = append(header, string(c))
		}
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, sub := range f.Subresources {
			rows := [][2]string{{sub.Name, ""}}
			if len(sub.KindZones) > 0 {
				rows[0][0] += " (other kinds)"
				for _, kind := range f.Kinds {
					if _, ok := sub.KindZones[kind]; ok {
						rows = append(rows, [2]string{sub.Name + " (kind " + kind + ")", kind})
					}
				}
			}
			for _, r := range rows {
				row := []string{"  " + r[0]}
				for _, cloud := range Clouds {
					z := strings.Join(sub.ZonesFor(r[1], cloud), ", ")
					if z == "" {
						z = "(none confirmed)"
					}
					row = append(row, z)
				}
				fmt.Fprintln(tw, strings.Join(row, "\t"))
			}
		}
		tw.Flush()
		for _, src := range f.Sources {
			fmt.Fprintf(&b, "  source: %s\n", src)
		}
	}
	return b.Bytes()
}

// entry is a service type in catalog --json: the facts the text gives, by
// the names the text gives them.
type entry struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Resource string `json:"resource"`
	// ServiceEndpoint is left out for a service with none
	// (NoServiceEndpoint says why), as every field without a value is.
	ServiceEndpoint     string        `json:"service_endpoint,omitempty"`
	NoServiceEndpoint   string        `json:"no_service_endpoint,omitempty"`
	ServiceEndpointNote string        `json:"service_endpoint_note,omitempty"`
	PublicAccess        string        `json:"public_access"`
	NetworkRules        string        `json:"network_rules"`
	Requirement         string        `json:"requirement,omitempty"`
	NameRule            string        `json:"name_rule"`
	Kinds               []string      `json:"kinds,omitempty"`
	DefaultKind         string        `json:"default_kind,omitempty"`
	DefaultSubresources []string      `json:"default_subresources"`
	Subresources        []subresource `json:"subresources"`
	Sources             []string      `json:"sources"`
}

// subresource is a private-link sub-resource (group ID) in catalog
// --json: its private DNS zones per cloud, a cloud without a confirmed
// zone left out, and per account kind where the kind decides them (those
// replace zones for an account of the kind: a cloud left out there has
// no confirmed zone for it, whatever zones says).
type subresource struct {
	Name      string                        `json:"name"`
	Zones     map[Cloud][]string            `json:"zones"`
	KindZones map[string]map[Cloud][]string `json:"kind_zones,omitempty"`
}

// JSON renders the catalogue's entries of types (as Select gives them) as
// a JSON array, one object per type, for scripts: endpointgen catalog
// --json.
func JSON(types []string) ([]byte, error) {
	entries := []entry{}
	for _, name := range types {
		f := services[name]
		e := entry{Type: f.Type, Title: f.Title, Resource: f.Resource, ServiceEndpoint: f.ServiceEndpoint,
			NoServiceEndpoint: f.NoServiceEndpoint, ServiceEndpointNote: f.ServiceEndpointNote,
			PublicAccess: f.PublicAccess, NetworkRules: f.NetworkRules, Requirement: f.Requirement,
			NameRule: f.Name.Text, Kinds: f.Kinds, DefaultKind: f.DefaultKind,
			DefaultSubresources: f.DefaultSubresources, Sources: f.Sources}
		for _, sub := range f.Subresources {
			e.Subresources = append(e.Subresources, subresource(sub))
		}
		entries = append(entries, e)
	}
	b, err := json.MarshalIndent(entries, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding the catalogue: %w", err)
	}
	return append(b, '\n'), nil
}
