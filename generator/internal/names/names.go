// Package names derives names from the Azure names a manifest gives: the
// Terraform labels of the generated blocks and names shortened to an Azure
// limit. The manifest's checks and the module builder both use it, so the
// names a check compares are the ones the module holds.
package names

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Label turns an Azure name into a Terraform identifier in snake_case
// ("snet-data" → "snet_data"); one starting with a digit gets an "n_" prefix
// since identifiers must start with a letter.
func Label(name string) string {
	var b strings.Builder
	// At most one byte per byte of name, and one underscore between
	// them: one allocation, where growing a byte at a time was a twentieth
	// of building a module.
	b.Grow(2 * len(name))
	underscore := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if underscore && b.Len() > 0 {
				b.WriteByte('_')
			}
			underscore = false
			b.WriteByte(byte(r))
			continue
		}
		underscore = true
	}
	s := b.String()
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		s = "n_" + s
	}
	return s
}

// Shorten keeps an Azure name within the resource type's limit of n
// characters: a name that is too long keeps its start and ends in a hash of
// the whole, so two long names that share a start stay distinct, and the
// same input always gives the same name.
func Shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return strings.TrimRight(s[:n-9], "-") + "-" + hex.EncodeToString(sum[:4])
}
