package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"
)

// subnetsInSharedVNets checks the subnets a workload creates in a virtual
// network that another workload of the run creates (a hub's, read with
// existing: true): each prefix must lie in that network's address space,
// which the other manifest gives. Azure refuses a subnet outside its
// network's range, and refuses to take a range from a network while a
// subnet is in it ("You can decrease the address range for a virtual
// network as long as it still includes the ranges of any associated
// subnets",
// https://learn.microsoft.com/azure/virtual-network/manage-virtual-network#add-or-remove-an-address-range),
// so one of the two applies fails (a workload's own subnets are checked
// with its manifest). Both in one known subscription is an
// error; where a subscription is not known, a warning, as for
// sharedResources.
func subnetsInSharedVNets(w io.Writer, all []*job) hcl.Diagnostics {
	type network struct {
		j *job
		c manifest.Claim
	}
	vnets := map[string][]network{}
	for _, j := range all {
		for _, c := range j.claims {
			if c.Kind == manifest.ClaimVNet {
				key := strings.ToLower(c.Scope + "/" + c.Name)
				vnets[key] = append(vnets[key], network{j, c})
			}
		}
	}
	var refused, warnings hcl.Diagnostics
	const summary = "Subnet outside its network's address space"
	for _, j := range all {
		for _, c := range j.claims {
			if c.Kind != manifest.ClaimSubnet {
				continue
			}
			for _, v := range vnets[strings.ToLower(c.Scope)] {
				if c.Subscription != "" && v.c.Subscription != "" && !strings.EqualFold(c.Subscription, v.c.Subscription) {
					continue
				}
				outside := c.Outside(v.c)
				if outside == nil {
					continue
				}
				msg := fmt.Sprintf("%s creates %s with %s, outside the address space %s gives that network (%s): Azure refuses a subnet outside its network's range, and takes no range from a network while a subnet is in it; give the subnet prefixes in that space, or add its range to the network's address_space (at %s)",
					j.manifest, c.String(), strings.Join(outside, ", "), v.j.manifest, strings.Join(v.c.Prefixes, ", "), v.c.PrefixesAt)
				if c.Subscription != "" && v.c.Subscription != "" {
					refused = append(refused, problemAcross(hcl.DiagError, c.PrefixesAt, summary, msg))
					annotateAt(w, hcl.DiagError, c.PrefixesAt, summary, msg)
				} else {
					warnings = append(warnings, problemAcross(hcl.DiagWarning, c.PrefixesAt, summary, "If they deploy to one subscription, "+msg))
					annotateAt(w, hcl.DiagWarning, c.PrefixesAt, summary, "If they deploy to one subscription, "+msg)
				}
			}
		}
	}
	return append(warnings, refused...)
}
