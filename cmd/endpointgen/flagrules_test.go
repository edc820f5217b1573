package main

import (
	"strings"
	"testing"
)

// TestFlagRules: a flag combination a command refuses is a usage error
// that says why and what to give, before anything runs (the files named
// need not exist).
func TestFlagRules(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "--dir", "r", "-f", "x.yaml", "--phase", "add"}, "-f and --dir are two ways to migrate, give one: -f MANIFEST -o DIR (a workload endpointgen generates) or --dir ROOT (a hand-written root module)"},
		{[]string{"migrate", "--phase", "add"}, "migrate needs -f MANIFEST -o DIR (a workload endpointgen generates) or --dir ROOT"},
		{[]string{"migrate", "-f", "x.yaml", "-o", "out"}, "migrate needs --phase: add, cutover or cleanup"},
		{[]string{"migrate", "-f", "x.yaml", "--phase", "add"}, "-f needs -o DIR, the folder of the workload's generated module"},
		{[]string{"migrate", "--dir", "r", "--phase", "add", "-o", "out"}, "-o/--out applies to -f MANIFEST -o DIR (a workload endpointgen generates), not to --dir"},
		{[]string{"migrate", "--dir", "r", "--phase", "add", "--check"}, "--check applies to -f MANIFEST -o DIR"},
		{[]string{"migrate", "-f", "x.yaml", "-o", "o", "--phase", "add", "--cloud", "china"}, "--cloud applies to --dir ROOT (a hand-written root module), not to -f"},
		{[]string{"migrate", "-f", "x.yaml", "-o", "o", "--phase", "add", "--write"}, "--write applies to --dir ROOT"},
		{[]string{"migrate", "-f", "x.yaml", "-o", "o", "--phase", "add", "--check", "--diff"}, "--check and --diff: give one"},
		{[]string{"generate", "-f", "x.yaml", "-o", "o", "--check", "--diff"}, "--check and --diff: give one"},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, "endpointgen: "+tc.want) {
			t.Errorf("%s: exit %d, %q %q; want %q", strings.Join(tc.args, " "), code, stdout, stderr, tc.want)
		}
	}
}
