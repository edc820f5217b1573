package main

import "github.com/spf13/cobra"

// The flag combinations a command refuses, checked before it runs with
// messages that say why; cobra's flag groups would say only which group
// ("if any flags in the group [file out] are set they must all be set").

// flagName is how a flag is written: -o/--out, or --name.
func flagName(cmd *cobra.Command, name string) string {
	if fl := cmd.Flags().Lookup(name); fl != nil && fl.Shorthand != "" {
		return "-" + fl.Shorthand + "/--" + name
	}
	return "--" + name
}

// checkOrDiff refuses --check with --diff.
func checkOrDiff(cmd *cobra.Command) error {
	if f := cmd.Flags(); f.Changed("check") && f.Changed("diff") {
		return usageErrorf("--check and --diff: give one (--check lists what differs, --diff shows it)")
	}
	return nil
}

// migrateFlags checks migrate's two forms: -f MANIFEST -o DIR, a workload
// endpointgen generates, and --dir ROOT, a hand-written root module, each
// with flags of its own (generated, handWritten).
func migrateFlags(cmd *cobra.Command, generated, handWritten []string) error {
	f := cmd.Flags()
	const forms = "-f MANIFEST -o DIR (a workload endpointgen generates) or --dir ROOT (a hand-written root module)"
	switch file, dir := f.Changed("file"), f.Changed("dir"); {
	case !f.Changed("phase"):
		return usageErrorf("migrate needs --phase: add, cutover or cleanup")
	case file && dir:
		return usageErrorf("-f and --dir are two ways to migrate, give one: %s", forms)
	case !file && !dir:
		return usageErrorf("migrate needs %s", forms)
	case file && !f.Changed("out"):
		return usageErrorf("-f needs -o DIR, the folder of the workload's generated module")
	case dir:
		for _, name := range generated {
			if f.Changed(name) {
				return usageErrorf("%s applies to -f MANIFEST -o DIR (a workload endpointgen generates), not to --dir, which edits the root module in place", flagName(cmd, name))
			}
		}
	default:
		for _, name := range handWritten {
			if f.Changed(name) {
				return usageErrorf("%s applies to --dir ROOT (a hand-written root module), not to -f, whose manifest says what is generated", flagName(cmd, name))
			}
		}
	}
	return checkOrDiff(cmd)
}
