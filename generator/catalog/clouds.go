package catalog

import (
	"fmt"
	"strings"
)

// Cloud is an Azure cloud. Its value is also the azurerm provider's
// environment argument.
type Cloud string

// The clouds endpointgen supports.
const (
	Public       Cloud = "public"
	USGovernment Cloud = "usgovernment"
	China        Cloud = "china"
)

// Clouds lists the supported clouds in the order the catalogue prints them.
var Clouds = []Cloud{Public, USGovernment, China}

// ParseCloud returns the cloud named s; "" is the public cloud.
func ParseCloud(s string) (Cloud, error) {
	if s == "" {
		return Public, nil
	}
	for _, c := range Clouds {
		if string(c) == s {
			return c, nil
		}
	}
	names := make([]string, len(Clouds))
	for i, c := range Clouds {
		names[i] = string(c)
	}
	return "", fmt.Errorf("unknown cloud %q: use %s", s, strings.Join(names, ", "))
}

// PublicRegions are Azure public-cloud region names as
// `az account list-locations --query "[].name"` prints them (Microsoft
// Learn, "Azure regions list",
// https://learn.microsoft.com/azure/reliability/regions-list).
var PublicRegions = []string{
	"australiacentral", "australiacentral2", "australiaeast", "australiasoutheast",
	"austriaeast", "belgiumcentral", "brazilsouth", "brazilsoutheast",
	"canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral",
	"denmarkeast", "eastasia", "eastus", "eastus2", "francecentral", "francesouth",
	"germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral",
	"italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest",
	"koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth",
	"northcentralus", "northeurope", "norwayeast", "norwaywest", "polandcentral",
	"qatarcentral", "southafricanorth", "southafricawest", "southcentralus",
	"southeastasia", "southindia", "spaincentral", "swedencentral", "swedensouth",
	"switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth", "uksouth",
	"ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
}
