// Package generator is endpointgen's pure core: it decodes a workload
// manifest (YAML, with every problem reported at its file, line and column),
// checks it against Azure's rules, and builds the files of a Terraform root
// module for the service-endpoint or private-endpoint pattern, targeting
// azurerm 4 or 5. Generate is bytes in, Files out; Plan and Apply are the one
// place that compares those files with an output directory and writes them.
package generator
