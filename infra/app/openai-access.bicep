// Deployed into the resource group of an existing Azure OpenAI (or AI Services) account: the app identity may
// call its deployments with Entra ID tokens, which the judge uses when ScoreJobs__Judge__ApiKey is absent.
param accountName string
param principalId string

var cognitiveServicesOpenAiUser = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'

resource account 'Microsoft.CognitiveServices/accounts@2025-06-01' existing = {
  name: accountName
}

resource openAiUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, principalId, cognitiveServicesOpenAiUser)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAiUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The account's OpenAI v1 endpoint; Entra ID needs its custom subdomain, which every such account has.
output judgeEndpoint string = 'https://${account.properties.customSubDomainName}.openai.azure.com/openai/v1/'
