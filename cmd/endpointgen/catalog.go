package main

import (
	"github.com/endpointgen/endpointgen/generator/catalog"
	"github.com/spf13/cobra"
)

func newCatalogCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "catalog",
		Short: "List supported services: service endpoints, sub-resources, private DNS zones per cloud",
		Args:  cobra.NoArgs,
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			_, err := s.out.Write(catalog.Text())
			return err
		}),
	}
}
