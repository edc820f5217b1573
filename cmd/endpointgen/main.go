// Command endpointgen turns a short service manifest into a Terraform root
// module for Azure service endpoints or private endpoints.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
