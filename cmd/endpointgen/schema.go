package main

import (
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/spf13/cobra"
)

func newSchemaCmd(s streams) *cobra.Command {
	var defaults bool
	cmd := &cobra.Command{
		Use:   "schema [--defaults]",
		Short: "Print the manifest's JSON Schema (draft 2020-12) for editors",
		Long: `schema prints the JSON Schema of the v1 manifest. Save it and point your
editor at it with a first line in the manifest such as

  # yaml-language-server: $schema=./manifest-v1.schema.json

for completion and validation while typing. endpointgen validate checks more
than the schema can (Azure names, CIDRs, fields per pattern).

--defaults prints the schema of the repo defaults file (endpointgen.yaml)
instead.`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			schema := manifest.JSONSchema
			if defaults {
				schema = manifest.RepoDefaultsJSONSchema
			}
			_, err := s.out.Write(schema())
			return err
		}),
	}
	cmd.Flags().BoolVar(&defaults, "defaults", false, "print the schema of the repo defaults file ("+manifest.RepoDefaultsFile+")")
	return cmd
}
