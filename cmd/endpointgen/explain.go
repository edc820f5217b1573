package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/endpointgen/endpointgen/generator"
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/spf13/cobra"
)

func newExplainCmd(s streams) *cobra.Command {
	var defaultsFile string
	cmd := &cobra.Command{
		Use:   "explain MANIFEST",
		Short: "Say what a manifest builds and why: traffic path, DNS to forward, trade-offs",
		Long: `explain prints, in plain words, what the manifest will build: the resources per
service, the path traffic takes and whether a public IP is involved, the private
DNS zones to forward from on-premises or the hub, and the trade-offs of the two
patterns for this workload. The generated README.md carries the same text.`,
		Args: cobra.ExactArgs(1),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			if info, err := os.Stat(args[0]); err == nil && info.IsDir() {
				return &exitError{exitFail, fmt.Sprintf("%s is a folder: explain takes one manifest file (generate and validate take a folder of them)", args[0])}
			}
			src, err := os.ReadFile(args[0])
			if err != nil {
				return &exitError{exitFail, fmt.Sprintf("reading manifest: %v", err)}
			}
			d, err := newRepoDefaults(defaultsFile).forManifest(s.err, args[0])
			if err != nil {
				return &exitError{exitFail, err.Error()}
			}
			text, diags := generator.Explain(src, args[0], generator.Options{Defaults: d})
			if printDiags(s.err, diags, map[string][]byte{args[0]: src}) {
				return &exitError{code: exitFail}
			}
			// A terminal's prompt starts on a line of its own.
			if !bytes.HasSuffix(text, []byte("\n")) {
				text = append(text, '\n')
			}
			_, err = s.out.Write(text)
			return err
		}),
	}
	cmd.Flags().StringVar(&defaultsFile, "defaults", "", "repo defaults file the manifest inherits (default: the nearest "+manifest.RepoDefaultsFile+" in the manifest's folder or above, up to the repository root)")
	_ = cmd.MarkFlagFilename("defaults", "yaml", "yml")
	return cmd
}
