// Package spelling finds, for a misspelt name, the one it most likely
// stands for: the did-you-mean of the manifest's checks and of the
// templates' errors.
package spelling

import (
	"sort"
	"strings"

	"github.com/agext/levenshtein"
)

// Closest returns the candidate within a few edits of given (letter case
// aside, and at most half the candidate's length), the first in sorted
// order of the closest; "" when none is.
func Closest(given string, candidates []string) string {
	best, bestDist := "", 4
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		dist := levenshtein.Distance(strings.ToLower(given), strings.ToLower(c), nil)
		if dist < bestDist && dist <= len(c)/2 {
			best, bestDist = c, dist
		}
	}
	return best
}
