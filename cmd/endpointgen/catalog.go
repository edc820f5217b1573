package main

import (
	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/spf13/cobra"
)

func newCatalogCmd(s streams) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "catalog [TYPE...] [--json]",
		Short: "List supported services: service endpoints, sub-resources, private DNS zones per cloud",
		Long: `catalog lists, per service type a manifest may name, its azurerm resource and
the arguments that open or close its public endpoint, its subnet service
endpoint, its private-link sub-resources (group IDs) with their private DNS
zones per cloud, and the sources of those facts.

TYPE limits the list to those service types (storage key_vault …). --json
prints the same facts as a JSON array, one object per type, for scripts.`,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			types, err := catalog.Select(args)
			if err != nil {
				return usageErrorf("%v", err)
			}
			out := catalog.Text(types)
			if asJSON {
				if out, err = catalog.JSON(types); err != nil {
					return &exitError{exitFail, err.Error()}
				}
			}
			_, err = s.out.Write(out)
			return err
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the facts as JSON: an array, one object per service type")
	return cmd
}
