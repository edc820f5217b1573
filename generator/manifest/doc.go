// Package manifest is version 1 of the workload manifest, the contract
// between a platform engineer and endpointgen: its Go types (whose tags
// drive the decoder and the JSON Schema alike), typed values parsed once
// (Pattern, Phase, DNSMode, the catalogue's Cloud), defaults, the decoder
// that reports every problem at its file, line and column, and the checks of
// Azure's rules split by topic (names, network, services, DNS, IP ranges,
// tags). It knows nothing of HCL. Invalid fixtures live in testdata/invalid.
package manifest
