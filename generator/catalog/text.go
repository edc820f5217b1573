package catalog

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"
)

// Text renders the catalogue for endpointgen catalog: per service type its
// azurerm resource and arguments, service endpoint, private-link
// sub-resources with their private DNS zone per cloud, and the sources of
// those facts.
func Text() []byte {
	var b bytes.Buffer
	for i, name := range SortedTypes() {
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
