package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/hashicorp/hcl/v2"
)

// sharedResources compares the Azure resources the workloads create
// (manifest.Claim). Two workloads that create a service of one name, or
// link zones of one name to the same VNet given by resource ID, are
// refused: whatever their subscriptions, Azure rejects the second; so are
// two that create a resource of one name in the same subscription, when
// both manifests give it (subscription_id), and two in different ones
// may. Any other resource both would create (by
// names, in a subscription endpointgen does not know) is a warning, one
// per pair of workloads, in manifest order: it fails only if they deploy
// to one subscription, which a subscription per workload avoids.
func sharedResources(w io.Writer, all []*job) hcl.Diagnostics {
	type claimant struct {
		j *job
		c manifest.Claim
	}
	type pair struct{ first, second *job }
	byKey := map[string][]claimant{}
	var pairs []pair
	shared := map[pair][]collision{}
	certain := map[pair][]collision{}
	for _, j := range all {
		for _, c := range j.claims {
			key := c.Key()
			// Against every earlier claimant, for a certain collision
			// may follow a by-name one. A by-name one is warned about
			// once, with the earlier workload likeliest to share the
			// subscription: one that does not give it either, when this
			// one does not.
			var warnWith *claimant
			for _, earlier := range byKey[key] {
				if earlier.j == j {
					continue
				}
				if c.ScopeIsID && earlier.c.ScopeIsID && !strings.EqualFold(c.Scope, earlier.c.Scope) {
					continue // VNets of one name in two subscriptions
				}
				known, apart := subscriptionsOf(c, earlier.c)
				if apart {
					continue // one name in two subscriptions
				}
				sure := known || (c.Global() && earlier.c.Global())
				if sure {
					p := pair{earlier.j, j}
					if shared[p] == nil && certain[p] == nil {
						pairs = append(pairs, p)
					}
					certain[p] = append(certain[p], collision{earlier.c, c})
					continue
				}
				if warnWith == nil || (c.Subscription == "" && earlier.c.Subscription == "" && warnWith.c.Subscription != "") {
					warnWith = &earlier
				}
			}
			if warnWith != nil {
				p := pair{warnWith.j, j}
				if shared[p] == nil && certain[p] == nil {
					pairs = append(pairs, p)
				}
				shared[p] = append(shared[p], collision{warnWith.c, c})
			}
			byKey[key] = append(byKey[key], claimant{j, c})
		}
	}
	// Every refused pair is reported, each at the name that collides
	// first in the second workload, with where the first one gives it.
	var refused hcl.Diagnostics
	for _, p := range pairs {
		collisions := certain[p]
		if collisions == nil {
			continue
		}
		// The refusal is printed at the first name it is about, and
		// annotated at each (links: whether the message is about them).
		at := func(c collision, msg string, links bool) *hcl.Diagnostic {
			annotateCollisions(w, hcl.DiagError, collisions, func(o collision) bool { return (o.later.Kind == manifest.ClaimZoneLink) == links },
				refusedSummary, func(o collision) string { return msg + otherAt(o) })
			return problemAcross(hcl.DiagError, c.later.At, refusedSummary, msg+otherAt(c))
		}
		// Zone links fail on the VNet, services wherever they deploy,
		// other resources on their names in one subscription.
		var services, links, others []manifest.Claim
		var firstService, first collision
		for _, c := range collisions {
			switch {
			case c.later.Kind == manifest.ClaimService:
				if services == nil {
					firstService = c
				}
				services = append(services, c.later)
			case c.later.Kind == manifest.ClaimZoneLink:
				links = append(links, c.later)
			default:
				if others == nil {
					first = c
				}
				others = append(others, c.later)
			}
		}
		if services != nil {
			unique := "whose name is unique in the cloud (it is the first label of its host name)"
			if len(services) > 1 {
				unique = "whose names are unique in the cloud (each the first label of its host name)"
			}
			msg := fmt.Sprintf("%s and %s would both create %s, %s, so the second apply would fail wherever they deploy: give one of them another name",
				p.first.manifest, p.second.manifest, joinAnd(claimNames(services)), unique)
			if others != nil {
				msg += fmt.Sprintf("; they would also both create %s in the subscription %s", joinAnd(claimNames(others)), others[0].Subscription)
			}
			refused = append(refused, at(firstService, msg, false))
			continue
		}
		if others == nil {
			refused = append(refused, at(collisions[0], refuseLinks(p.first, p.second, links), true))
			continue
		}
		refused = append(refused, at(first, fmt.Sprintf("%s and %s would both create %s in the subscription %s, and the provider does not create what exists already: the second apply would fail. Give one of them names of its own, in its manifest or with the repo defaults' naming templates",
			p.first.manifest, p.second.manifest, joinAnd(claimNames(others)), others[0].Subscription), false))
	}
	// Then the pairs that may collide, unless they deploy apart. Pairs
	// that collide on the same names at one place (a naming template of
	// the repo defaults that every workload takes) are one warning,
	// naming every workload.
	diags := refused
	type warning struct {
		at, what, why string
		manifests     []string
		collisions    []collision
	}
	var warnings []*warning
	byPlace := map[string]*warning{}
	for _, p := range pairs {
		collisions := shared[p]
		if collisions == nil {
			continue
		}
		what := make([]string, len(collisions))
		zoneLink := false
		for i, c := range collisions {
			what[i] = c.later.String()
			zoneLink = zoneLink || c.later.Kind == manifest.ClaimZoneLink
		}
		why := "the provider does not create what exists already (it asks to import it)"
		if zoneLink {
			why += ", and Azure links a virtual network to one private DNS zone of a name only"
		}
		wn := &warning{at: collisions[0].later.At, what: joinAnd(what), why: why}
		// One place for all: the earlier workload gives the names where
		// the later does.
		key := wn.at + "\x00" + wn.what + "\x00" + why
		if collisions[0].earlier.At != collisions[0].later.At {
			key += "\x00" + p.first.manifest + "\x00" + p.second.manifest
		}
		if seen := byPlace[key]; seen != nil {
			wn = seen
		} else {
			byPlace[key] = wn
			warnings = append(warnings, wn)
		}
		for _, m := range []string{p.first.manifest, p.second.manifest} {
			if !slices.Contains(wn.manifests, m) {
				wn.manifests = append(wn.manifests, m)
			}
		}
		wn.collisions = append(wn.collisions, collisions...)
	}
	for _, wn := range warnings {
		// At the first name in the second workload, as a refusal is.
		who, apply, give, where := joinAnd(wn.manifests)+" both", "the second apply fails", "both", otherAt(wn.collisions[0])
		if len(wn.manifests) > 2 {
			who, apply, give, where = fmt.Sprintf("The %d workloads %s all", len(wn.manifests), joinAnd(wn.manifests)), "every apply after the first fails", "them all", " (all take it from there)"
		}
		msg := fmt.Sprintf("%s create %s: if they deploy to one subscription, %s: %s; give %s subscription_id (or the repo defaults) to have it checked%s",
			who, wn.what, apply, wn.why, give, where)
		diags = append(diags, problemAcross(hcl.DiagWarning, wn.at, sharedSummary, msg))
		annotateCollisions(w, hcl.DiagWarning, wn.collisions, func(collision) bool { return true },
			sharedSummary, func(collision) string { return msg })
	}
	return diags
}

// The summaries of what sharedResources reports.
const (
	refusedSummary = "Two workloads would create one resource"
	sharedSummary  = "Two workloads may create one resource"
)

// annotateCollisions annotates (annotateAt) each position in the later
// workload of the collisions that keep accepts, once, with detail's text.
func annotateCollisions(w io.Writer, severity hcl.DiagnosticSeverity, collisions []collision, keep func(collision) bool, summary string, detail func(collision) string) {
	annotated := map[string]bool{}
	for _, c := range collisions {
		if keep(c) && !annotated[c.later.At] {
			annotated[c.later.At] = true
			annotateAt(w, severity, c.later.At, summary, detail(c))
		}
	}
}

// claimNames is what each claim's String says.
func claimNames(claims []manifest.Claim) []string {
	out := make([]string, len(claims))
	for i, c := range claims {
		out[i] = c.String()
	}
	return out
}

// refuseLinks says why two workloads that would link zones of one name to
// the VNet given by resource ID in links are refused.
func refuseLinks(first, second *job, links []manifest.Claim) string {
	// Each VNet with its zones, in the order first claimed.
	var vnets []string
	zones := map[string][]string{}
	for _, c := range links {
		vnet := strings.ToLower(c.VNet())
		if zones[vnet] == nil {
			vnets = append(vnets, c.VNet())
		}
		zones[vnet] = append(zones[vnet], c.Name)
	}
	what := make([]string, len(vnets))
	for i, vnet := range vnets {
		names := zones[strings.ToLower(vnet)]
		noun := "a private DNS zone"
		if len(names) > 1 {
			noun = "private DNS zones"
		}
		what[i] = fmt.Sprintf("%s %s to the virtual network %s", noun, joinAnd(names), vnet)
	}
	return fmt.Sprintf("%s and %s would both link %s, and Azure links a virtual network to one zone of a name only: the second apply would fail. "+
		"Give the zones one owner: dns.mode: existing with the hub's zones in dns.zone_ids, or link the virtual network from one workload only (dns.link_vnet_ids, often inherited from the repo defaults)",
		first.manifest, second.manifest, joinAnd(what))
}

// joinAnd lists items as "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// collision is a claim of the second workload of a pair and the first's
// claim of the same resource.
type collision struct{ earlier, later manifest.Claim }

// otherAt says where the first workload of a collision gives the name: "
// (the other at FILE:LINE:COL)", or that both take it from one place (a
// naming template of the repo defaults).
func otherAt(c collision) string {
	if c.earlier.At == c.later.At {
		return " (both take it from there)"
	}
	return " (the other at " + c.earlier.At + ")"
}
