package catalog

import (
	"fmt"
	"slices"
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

// Regions lists the cloud's regions by programmatic name, as
// `az account list-locations --query "[].name"` prints them there; nil for
// an unknown cloud. A region newer than the list is allowed by the
// manifest's location_unlisted.
func (c Cloud) Regions() []string { return regions[c] }

// CloudOf returns the cloud whose list holds region.
func CloudOf(region string) (Cloud, bool) {
	for _, c := range Clouds {
		if slices.Contains(regions[c], region) {
			return c, true
		}
	}
	return "", false
}

var regions = map[Cloud][]string{
	// Microsoft Learn, "Azure regions list",
	// https://learn.microsoft.com/azure/reliability/regions-list
	Public: {
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
	},
	// The five Azure Government regions, US DoD Central, US DoD East, US
	// Gov Arizona, US Gov Texas and US Gov Virginia ("What is Azure
	// Government?", products by region,
	// https://learn.microsoft.com/azure/azure-government/documentation-government-welcome),
	// by the programmatic names of Azure.Core's AzureLocation
	// (https://learn.microsoft.com/dotnet/api/azure.core.azurelocation.usgovvirginia).
	USGovernment: {"usdodcentral", "usdodeast", "usgovarizona", "usgovtexas", "usgovvirginia"},
	// "Azure regions list" of Azure operated by 21Vianet, programmatic names,
	// https://docs.azure.cn/en-us/reliability/regions-list (also
	// https://learn.microsoft.com/azure/china/overview-regions).
	China: {"chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3"},
}
