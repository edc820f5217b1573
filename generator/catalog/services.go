package catalog

import "github.com/endpointgen/endpointgen/generator/internal/lazyregexp"

// Flexible servers have no service endpoint and no VNet rule: their
// networking is public access (with IP firewall rules) or VNet injection,
// and a private endpoint exists only for servers created with public
// access. So both are private-endpoint only.
const noFlexibleSE = "flexible servers have no service endpoint or virtual-network rule (only VNet injection, which rules out private endpoints)"

var (
	flexibleName = lazyregexp.New(`^[a-z0-9][-a-z0-9]{1,61}[a-z0-9]$`)
	// namespaceName is the azurerm rule for both namespace kinds
	// (https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/servicebus/validate/namespace_name.go,
	// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/eventhub/validate/eventhub_names.go).
	namespaceName = lazyregexp.New(`^[a-zA-Z][-a-zA-Z0-9]{4,48}[a-zA-Z0-9]$`)
	// Service Bus and Event Hubs namespaces share a private DNS zone
	// (privatelink.servicebus.…), so a workload with both gets one zone.
	// They share host names too: an Event Hubs namespace is reached at
	// NAME.servicebus.windows.net
	// (https://learn.microsoft.com/dotnet/api/azure.messaging.eventhubs.primitives.eventprocessor-1.fullyqualifiednamespace),
	// like a Service Bus namespace, so one name serves one of them.
	namespaceScope = "servicebus"
	namespaceZones = zones3(
		"privatelink.servicebus.windows.net",
		"privatelink.servicebus.usgovcloudapi.net",
		"privatelink.servicebus.chinacloudapi.cn")
)

// Sources of the Cosmos DB API facts.
const (
	SrcCosmosPE   = "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-private-endpoints"
	SrcCosmosKeys = "https://learn.microsoft.com/azure/cosmos-db/nosql/security/how-to-disable-key-based-authentication"
)

// CosmosAPI is what a Cosmos DB sub-resource says of its account: an
// account has one API, chosen when it is created, and its private endpoint
// names that API ("by default, the API for NoSQL, MongoDB, and Cassandra
// has only one choice; for Gremlin and Table you can also choose NoSQL,
// because these APIs interoperate with the API for NoSQL", SrcCosmosPE).
type CosmosAPI struct {
	Kind       string // the account's kind
	Capability string // the capability that turns the API on, "" for none
	// WithSql: an account of this API may also have a Sql endpoint.
	WithSql bool
	// ServerVersion is the MongoDB wire-protocol version a MongoDB account
	// is created with, "" for the other APIs. Only 3.6 and later accounts
	// are reached at NAME.mongo.cosmos.azure.com, the host the
	// privatelink.mongo.cosmos.azure.com zone answers for; a 3.2 account
	// keeps NAME.documents.azure.com ("Azure Cosmos DB for MongoDB (3.6
	// version): supported features and syntax",
	// https://learn.microsoft.com/azure/cosmos-db/mongodb/feature-support-36).
	// 7.0 is the newest the azurerm 4 and 5 schema accepts
	// (go-azure-sdk cosmosdb 2024-08-15 ServerVersion).
	ServerVersion string
	// EntraOnly: the API takes Microsoft Entra ID alone, so account keys
	// can be turned off. Only the API for NoSQL can: Azure Policy's
	// "disable local authentication" skips the other APIs' capabilities
	// (https://github.com/Azure/azure-policy/blob/master/built-in-policies/policyDefinitions/Cosmos%20DB/Cosmos_DisableLocalAuth_Modify.json),
	// and Learn documents turning keys off for the API for NoSQL only
	// (SrcCosmosKeys, "APPLIES TO: NoSQL").
	EntraOnly bool
}

// CosmosAPIs maps each Cosmos DB sub-resource to its API.
var CosmosAPIs = map[string]CosmosAPI{
	"Sql": {Kind: "GlobalDocumentDB", EntraOnly: true},
	// A MongoDB account carries the EnableMongo capability, as Learn's
	// templates write it
	// (https://learn.microsoft.com/azure/templates/microsoft.documentdb/databaseaccounts).
	"MongoDB":   {Kind: "MongoDB", Capability: "EnableMongo", ServerVersion: "7.0"},
	"Cassandra": {Kind: "GlobalDocumentDB", Capability: "EnableCassandra"},
	"Gremlin":   {Kind: "GlobalDocumentDB", Capability: "EnableGremlin", WithSql: true},
	"Table":     {Kind: "GlobalDocumentDB", Capability: "EnableTable", WithSql: true},
}

// CosmosAccountAPI is the API of an account with these sub-resources: the
// one that is not Sql, or Sql (NoSQL) alone. Validation has made sure there
// is only one.
func CosmosAccountAPI(subresources []string) CosmosAPI {
	for _, sub := range subresources {
		if api, ok := CosmosAPIs[sub]; ok && sub != "Sql" {
			return api
		}
	}
	return CosmosAPIs["Sql"]
}

func storageSub(name string) Subresource {
	return Subresource{Name: name, Zones: zones3(
		"privatelink."+name+".core.windows.net",
		"privatelink."+name+".core.usgovcloudapi.net",
		"privatelink."+name+".core.chinacloudapi.cn")}
}

func sub(name, public, usgov, china string) Subresource {
	return Subresource{Name: name, Zones: zones3(public, usgov, china)}
}

// services holds every supported service type by manifest name.
var services = map[string]Service{
	"storage": {
		Type:            "storage",
		Title:           "Storage account",
		noun:            "storage account",
		HostKind:        HostName,
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_rules block (default_action, bypass, ip_rules, virtual_network_subnet_ids)",
		Resource:        "azurerm_storage_account",
		ServiceEndpoint: "Microsoft.Storage",
		// One private endpoint per sub-resource: "You need a separate
		// private endpoint for each storage resource that you need to access".
		Subresources:        []Subresource{storageSub("blob"), storageSub("file"), storageSub("queue"), storageSub("table"), storageSub("web"), storageSub("dfs")},
		DefaultSubresources: []string{"blob"},
		Requirement:         "StorageV2 (general-purpose v1 accounts take no private endpoint)",
		Sources:             []string{SrcDNS, SrcSE, SrcStorePE, SrcProvider + "storage_account"},
		// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/storage/validate/storage_account_name.go
		Name: NameRule{Pattern: lazyregexp.New(`^[a-z0-9]{3,24}$`),
			Text: "storage account name: 3 to 24 lowercase letters and digits, unique across Azure"},
	},
	"key_vault": {
		Type:            "key_vault",
		Title:           "Key Vault",
		noun:            "key vault",
		HostKind:        URI,
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_acls block (default_action, bypass, ip_rules, virtual_network_subnet_ids)",
		Resource:        "azurerm_key_vault",
		ServiceEndpoint: "Microsoft.KeyVault",
		Subresources: []Subresource{sub("vault",
			"privatelink.vaultcore.azure.net",
			"privatelink.vaultcore.usgovcloudapi.net",
			"privatelink.vaultcore.azure.cn")},
		DefaultSubresources: []string{"vault"},
		NeedsTenant:         true,
		Sources:             []string{SrcDNS, SrcSE, SrcProvider + "key_vault"},
		// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/keyvault/validate/vault_name.go
		Name: NameRule{Pattern: lazyregexp.New(`^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$`), NoInfix: []string{"--"},
			Text: "Key Vault name: 3 to 24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, without \"--\"; unique across Azure"},
	},
	"sql_server": {
		Type:         "sql_server",
		Title:        "Azure SQL logical server",
		HostKind:     HostName,
		PublicAccess: "public_network_access_enabled",
		NetworkRules: "azurerm_mssql_virtual_network_rule per subnet, azurerm_mssql_firewall_rule per IP range",
		Resource:     "azurerm_mssql_server",
		// "For Azure SQL, a service endpoint applies only to Azure service
		// traffic within a virtual network's region."
		ServiceEndpoint: "Microsoft.Sql",
		Subresources: []Subresource{sub("sqlServer",
			"privatelink.database.windows.net",
			"privatelink.database.usgovcloudapi.net",
			"privatelink.database.chinacloudapi.cn")},
		DefaultSubresources: []string{"sqlServer"},
		ServiceEndpointNote: "reaches servers in the VNet's region only",
		Sources:             []string{SrcDNS, SrcSE, SrcProvider + "mssql_server", SrcProvider + "mssql_virtual_network_rule"},
		// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/mssql/validate/mssql.go
		Name: NameRule{Pattern: lazyregexp.New(`^[0-9a-z]([-0-9a-z]{0,61}[0-9a-z])?$`),
			Text: "SQL server name: 1 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure"},
	},
	"cosmosdb": {
		Type:            "cosmosdb",
		Title:           "Cosmos DB account",
		Resource:        "azurerm_cosmosdb_account",
		HostKind:        Endpoint,
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "is_virtual_network_filter_enabled, virtual_network_rule { id }, ip_range_filter",
		ServiceEndpoint: "Microsoft.AzureCosmosDB",
		Subresources: []Subresource{
			sub("Sql", "privatelink.documents.azure.com", "privatelink.documents.azure.us", "privatelink.documents.azure.cn"),
			sub("MongoDB", "privatelink.mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.us", "privatelink.mongo.cosmos.azure.cn"),
			sub("Cassandra", "privatelink.cassandra.cosmos.azure.com", "privatelink.cassandra.cosmos.azure.us", "privatelink.cassandra.cosmos.azure.cn"),
			sub("Gremlin", "privatelink.gremlin.cosmos.azure.com", "privatelink.gremlin.cosmos.azure.us", "privatelink.gremlin.cosmos.azure.cn"),
			sub("Table", "privatelink.table.cosmos.azure.com", "privatelink.table.cosmos.azure.us", "privatelink.table.cosmos.azure.cn"),
		},
		DefaultSubresources: []string{"Sql"},
		Sources:             []string{SrcDNS, SrcSE, SrcCosmosPE, SrcCosmosKeys, SrcProvider + "cosmosdb_account"},
		// "3-44, lowercase letters, numbers, and hyphens; start with
		// lowercase letter or number" ("Naming rules and restrictions for
		// Azure resources", Microsoft.DocumentDB,
		// https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftdocumentdb).
		// The name is the first label of NAME.documents.azure.com, so it
		// does not end in a hyphen either (RFC 1123 host names). The azurerm
		// validator, ^[-a-z0-9]{3,50}$, is looser and lets both through
		// (https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/cosmos/validate/cosmos.go).
		Name: NameRule{Pattern: lazyregexp.New(`^[a-z0-9][-a-z0-9]{1,42}[a-z0-9]$`),
			Text: "Cosmos DB account name: 3 to 44 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure"},
	},
	// A Premium Service Bus namespace: "Virtual Networks are supported only
	// in Premium tier Service Bus namespaces", and so are private endpoints.
	"servicebus": {
		Type:                "servicebus",
		Title:               "Service Bus namespace",
		Resource:            "azurerm_servicebus_namespace",
		HostKind:            Endpoint,
		PublicAccess:        "public_network_access_enabled (and network_rule_set.public_network_access_enabled)",
		NetworkRules:        "network_rule_set block (default_action, trusted_services_allowed, ip_rules, network_rules { subnet_id })",
		ServiceEndpoint:     "Microsoft.ServiceBus",
		Subresources:        []Subresource{{Name: "namespace", Zones: namespaceZones}},
		DefaultSubresources: []string{"namespace"},
		Requirement:         "Premium SKU for both patterns",
		Sources:             []string{SrcDNS, SrcSE, "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-service-endpoints", SrcProvider + "servicebus_namespace"},
		NameScope:           namespaceScope,
		Name: NameRule{Pattern: namespaceName, NoSuffix: []string{"-sb", "-mgmt"},
			Text: "Service Bus namespace name: 6 to 50 letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending in -sb or -mgmt; unique across Azure"},
	},
	// A Standard Event Hubs namespace: network rules and private endpoints
	// are "not supported in the basic tier".
	"eventhub": {
		Type:                "eventhub",
		Title:               "Event Hubs namespace",
		Resource:            "azurerm_eventhub_namespace",
		HostKind:            HostName,
		PublicAccess:        "public_network_access_enabled (and network_rulesets[0].public_network_access_enabled)",
		NetworkRules:        "network_rulesets (default_action, trusted_service_access_enabled, ip_rule, virtual_network_rule)",
		ServiceEndpoint:     "Microsoft.EventHub",
		Subresources:        []Subresource{{Name: "namespace", Zones: namespaceZones}},
		DefaultSubresources: []string{"namespace"},
		Requirement:         "Standard SKU or above (not Basic) for both patterns",
		Sources:             []string{SrcDNS, SrcSE, "https://learn.microsoft.com/azure/event-hubs/event-hubs-service-endpoints", SrcProvider + "eventhub_namespace"},
		NameScope:           namespaceScope,
		Name: NameRule{Pattern: namespaceName,
			Text: "Event Hubs namespace name: 6 to 50 letters, digits and hyphens, starting with a letter, ending with a letter or digit; unique across Azure"},
	},
	// Private-endpoint only: azurerm 4 removed the registry's virtual-network
	// rule ("network_rule_set.virtual_network … removed", 4.0 upgrade guide).
	"container_registry": {
		Type:         "container_registry",
		Title:        "Container registry",
		noun:         "container registry",
		Resource:     "azurerm_container_registry",
		HostKind:     HostName,
		PublicAccess: "public_network_access_enabled",
		NetworkRules: "network_rule_set (IP rules only; no virtual-network rule in azurerm 4 or 5)",
		// The registry's data endpoints ({region}.data.privatelink.azurecr.io)
		// are records in the same zone: "do not deploy this as an
		// additional zone". China has no confirmed zone.
		Subresources:        []Subresource{sub("registry", "privatelink.azurecr.io", "privatelink.azurecr.us", "")},
		DefaultSubresources: []string{"registry"},
		Requirement:         "Premium SKU; private-endpoint only",
		NoServiceEndpoint:   "azurerm 4 and 5 have no virtual-network rule for registries (removed in 4.0), so the service-endpoint pattern cannot be written",
		Sources:             []string{SrcDNS, "https://learn.microsoft.com/azure/container-registry/container-registry-private-link", SrcProvider + "container_registry"},
		// https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/containers/validate/container_registry_name.go
		Name: NameRule{Pattern: lazyregexp.New(`^[a-zA-Z0-9]{5,50}$`),
			Text: "container registry name: 5 to 50 letters and digits; unique across Azure"},
	},
	// Network rules need a custom subdomain ("custom_subdomain_name is
	// required when network_acls is specified"), set to the account name.
	"cognitive_account": {
		Type:            "cognitive_account",
		Title:           "Azure AI services account",
		Resource:        "azurerm_cognitive_account",
		HostKind:        Endpoint,
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "network_acls block (default_action, bypass, ip_rules, virtual_network_rules { subnet_id }); needs custom_subdomain_name",
		ServiceEndpoint: "Microsoft.CognitiveServices",
		// One sub-resource whose host names follow the kind: most kinds
		// answer at <name>.cognitiveservices.*, an OpenAI account at
		// <name>.openai.*, an AIServices account at all three names
		// (cognitiveservices, openai, services.ai). Learn's table lists the
		// three zones for the public cloud, only the cognitiveservices zone
		// for US Government and none for China (SrcDNS). So an OpenAI or
		// AIServices account has no complete set of zones outside the public
		// cloud: its openai name would resolve to the closed public endpoint.
		Subresources: []Subresource{{Name: "account",
			Zones: zones3("privatelink.cognitiveservices.azure.com", "privatelink.cognitiveservices.azure.us", ""),
			KindZones: map[string]map[Cloud][]string{
				"AIServices": {Public: {"privatelink.cognitiveservices.azure.com", "privatelink.openai.azure.com", "privatelink.services.ai.azure.com"}},
				"OpenAI":     {Public: {"privatelink.openai.azure.com"}},
			}}},
		DefaultSubresources: []string{"account"},
		Kinds:               []string{"AIServices", "OpenAI", "CognitiveServices", "TextAnalytics", "FormRecognizer", "ComputerVision", "SpeechServices", "TextTranslation"},
		DefaultKind:         "AIServices",
		Requirement:         "a custom subdomain, set to the account name",
		Sources:             []string{SrcDNS, SrcSE, "https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks", SrcProvider + "cognitive_account"},
		// The name is also the custom subdomain: DNS label rules.
		Name: NameRule{Pattern: lazyregexp.New(`^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$`),
			Text: "Azure AI services account name: 2 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen (it is also the custom subdomain); unique across Azure"},
	},
	"postgresql_flexible": {
		Type:              "postgresql_flexible",
		Title:             "PostgreSQL flexible server",
		Resource:          "azurerm_postgresql_flexible_server",
		HostKind:          HostName,
		PublicAccess:      "public_network_access_enabled",
		NetworkRules:      "none (azurerm_postgresql_flexible_server_firewall_rule by IP only)",
		NoServiceEndpoint: noFlexibleSE,
		Subresources: []Subresource{sub("postgresqlServer",
			"privatelink.postgres.database.azure.com",
			"privatelink.postgres.database.usgovcloudapi.net",
			"privatelink.postgres.database.chinacloudapi.cn")},
		DefaultSubresources: []string{"postgresqlServer"},
		NeedsTenant:         true,
		Requirement:         "created with public access (not VNet-integrated); private-endpoint only",
		Sources:             []string{SrcDNS, "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-private-link", SrcProvider + "postgresql_flexible_server"},
		Name: NameRule{Pattern: flexibleName,
			Text: "PostgreSQL flexible server name: 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure"},
	},
	"mysql_flexible": {
		Type:              "mysql_flexible",
		Title:             "MySQL flexible server",
		Resource:          "azurerm_mysql_flexible_server",
		HostKind:          HostName,
		PublicAccess:      "public_network_access (Enabled | Disabled; azurerm 4.26 and later)",
		NetworkRules:      "none (azurerm_mysql_flexible_server_firewall_rule by IP only)",
		NoServiceEndpoint: noFlexibleSE,
		Subresources: []Subresource{sub("mysqlServer",
			"privatelink.mysql.database.azure.com",
			"privatelink.mysql.database.usgovcloudapi.net",
			"privatelink.mysql.database.chinacloudapi.cn")},
		DefaultSubresources: []string{"mysqlServer"},
		NeedsTenant:         true,
		Requirement:         "created with public access (not VNet-integrated); private-endpoint only",
		Sources:             []string{SrcDNS, "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking-private-link", SrcProvider + "mysql_flexible_server"},
		Name: NameRule{Pattern: flexibleName,
			Text: "MySQL flexible server name: 3 to 63 lowercase letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure"},
	},
	// Service endpoints work through access restrictions; "apps that you
	// configure with private endpoints cannot use service endpoint-based
	// access restriction rules".
	"web_app": {
		Type:            "web_app",
		Title:           "App Service web app (Linux)",
		Resource:        "azurerm_linux_web_app",
		HostKind:        HostName,
		PublicAccess:    "public_network_access_enabled",
		NetworkRules:    "site_config { ip_restriction_default_action, ip_restriction { virtual_network_subnet_id | ip_address } }",
		ServiceEndpoint: "Microsoft.Web",
		Subresources: []Subresource{sub("sites",
			"privatelink.azurewebsites.net",
			"privatelink.azurewebsites.us",
			"privatelink.chinacloudsites.cn")},
		DefaultSubresources: []string{"sites"},
		Requirement:         "an App Service plan of Basic or higher for private endpoints (P0v3 is generated)",
		Sources:             []string{SrcDNS, SrcSE, "https://learn.microsoft.com/azure/app-service/networking/private-endpoint", SrcProvider + "linux_web_app"},
		Name: NameRule{Pattern: lazyregexp.New(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$`),
			Text: "web app name: 2 to 60 letters, digits and hyphens, not starting or ending with a hyphen; unique across Azure"},
	},
}
