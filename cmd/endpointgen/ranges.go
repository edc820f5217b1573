package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
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
	var diags hcl.Diagnostics
	const summary = "Subnet outside its network's address space"
	for _, j := range all {
		for _, c := range j.claims {
			if c.Kind != manifest.ClaimSubnet {
				continue
			}
			for _, v := range vnets[strings.ToLower(c.Scope)] {
				known, apart := subscriptionsOf(c, v.c)
				if apart {
					continue
				}
				outside := c.Outside(v.c)
				if outside == nil {
					continue
				}
				msg := fmt.Sprintf("%s creates %s with %s, outside the address space %s gives that network (%s): Azure refuses a subnet outside its network's range, and takes no range from a network while a subnet is in it; give the subnet prefixes in that space, or add its range to the network's address_space (at %s)",
					j.manifest, c.String(), strings.Join(outside, ", "), v.j.manifest, strings.Join(v.c.Prefixes, ", "), v.c.PrefixesAt)
				diags = append(diags, refuseOrWarn(w, known, c.PrefixesAt, summary, msg))
			}
		}
	}
	return warningsFirst(diags)
}

// overlappingSubnets checks the subnets two workloads create in one
// virtual network (by its resource group and name; a hub's, or one that
// neither creates): their ranges must not overlap ("The range can't
// overlap with other subnet address ranges within the virtual network",
// https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet#add-a-subnet),
// so the second apply fails. A workload's own subnets are checked with its
// manifest, and two of one name are one resource (sharedResources). In one
// known subscription an error; where a subscription is not known, a
// warning; in two known ones, two networks.
func overlappingSubnets(w io.Writer, all []*job) hcl.Diagnostics {
	type subnet struct {
		j *job
		c manifest.Claim
	}
	byVNet := map[string][]subnet{}
	var diags hcl.Diagnostics
	const summary = "Overlapping subnets in one network"
	for _, j := range all {
		for _, c := range j.claims {
			if c.Kind != manifest.ClaimSubnet {
				continue
			}
			key := strings.ToLower(c.Scope)
			for _, earlier := range byVNet[key] {
				if earlier.j == j || strings.EqualFold(earlier.c.Name, c.Name) {
					continue
				}
				known, apart := subscriptionsOf(c, earlier.c)
				if apart {
					continue
				}
				overlaps := c.Overlaps(earlier.c)
				if overlaps == nil {
					continue
				}
				msg := fmt.Sprintf("%s creates %s with a range that overlaps the subnet %s that %s creates there (%s; its prefixes at %s): Azure refuses a subnet whose range overlaps another's in its network, so the second apply fails; give one of them prefixes no other subnet of the network has",
					j.manifest, c.String(), earlier.c.Name, earlier.j.manifest, strings.Join(overlaps, ", "), earlier.c.PrefixesAt)
				diags = append(diags, refuseOrWarn(w, known, c.PrefixesAt, summary, msg))
			}
			byVNet[key] = append(byVNet[key], subnet{j, c})
		}
	}
	return warningsFirst(diags)
}

// subscriptionsOf compares the subscriptions two claims deploy into:
// known when both manifests give one, apart when those are two.
func subscriptionsOf(a, b manifest.Claim) (known, apart bool) {
	known = a.Subscription != "" && b.Subscription != ""
	return known, known && !strings.EqualFold(a.Subscription, b.Subscription)
}

// refuseOrWarn is a problem across manifests at at, annotated there: an
// error where both give their subscription (one, as the caller checked),
// else a warning that it holds if they deploy to one.
func refuseOrWarn(w io.Writer, known bool, at, summary, msg string) *hcl.Diagnostic {
	severity := hcl.DiagError
	if !known {
		severity, msg = hcl.DiagWarning, "If they deploy to one subscription, "+msg
	}
	annotateAt(w, severity, at, summary, msg)
	return problemAcross(severity, at, summary, msg)
}

// warningsFirst is diags with the warnings before the errors, each in
// their order, so that a refusal's count ends the list.
func warningsFirst(diags hcl.Diagnostics) hcl.Diagnostics {
	slices.SortStableFunc(diags, func(a, b *hcl.Diagnostic) int { return cmp.Compare(b.Severity, a.Severity) })
	return diags
}
