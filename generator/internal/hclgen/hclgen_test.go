package hclgen

import (
	"strings"
	"testing"
)

func TestShorten(t *testing.T) {
	long := "pe-" + strings.Repeat("a", 63) + "-sqlserver"
	other := "pe-" + strings.Repeat("a", 63) + "-blob"
	got, got2 := Shorten(long, 64), Shorten(other, 64)
	if len(got) > 64 || len(got2) > 64 || got == got2 || Shorten(long, 64) != got {
		t.Errorf("shorten: %q %q", got, got2)
	}
	if Shorten("pe-short", 64) != "pe-short" {
		t.Error("a short name changed")
	}
}
