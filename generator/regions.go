package generator

// knownLocations are Azure public-cloud region names as
// `az account list-locations --query "[].name"` prints them (Microsoft
// Learn, "Azure regions list"). A location outside the list is only a
// warning: Azure adds regions, and sovereign clouds have their own.
var knownLocations = []string{
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
