package main

import (
	"github.com/endpointgen/endpointgen/generator/manifest"
	"github.com/spf13/cobra"
)

func newSchemaCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the manifest's JSON Schema (draft 2020-12) for editors",
		Long: `schema prints the JSON Schema of the v1 manifest. Save it and point your
editor at it with a first line in the manifest such as

  # yaml-language-server: $schema=./manifest-v1.schema.json

for completion and validation while typing. endpointgen validate checks more
than the schema can (Azure names, CIDRs, fields per pattern).`,
		Args: cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			b, err := manifest.JSONSchema()
			if err != nil {
				return &exitError{exitFail, err.Error()}
			}
			_, err = s.out.Write(b)
			return err
		}),
	}
}
