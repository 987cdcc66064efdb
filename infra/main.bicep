// ScoreJobs on Azure in one `azd up`: the Functions app on Flex Consumption with identity-based storage,
// Application Insights, the records page as a Static Web App, and (optionally) the judge's role on an
// existing Azure OpenAI resource. No account key, connection string secret or API key is created or stored.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name (AZURE_ENV_NAME). Names the resource group and tags every resource.')
param environmentName string

@minLength(1)
@description('Region of every resource but the Static Web App. It must offer Flex Consumption: az functionapp list-flexconsumption-locations.')
param location string

@description('Object id of whoever runs azd (AZURE_PRINCIPAL_ID). Gets data access to the storage account, to read records with az or Storage Explorer; shared keys are off. Empty: none.')
param principalId string = ''

@description('What principalId is: a user when you run azd, a service principal in a pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('An existing Azure OpenAI (or Azure AI Services) account for the judge. The app identity gets Cognitive Services OpenAI User on it, and the judge endpoint defaults to its v1 endpoint. Empty: no judge role, and no judge unless judgeEndpoint is set.')
param openAiAccountName string = ''

@description('The resource group of openAiAccountName, in this subscription. Empty: the resource group this deployment creates.')
param openAiResourceGroupName string = ''

@description('ScoreJobs__Judge__Endpoint. Empty: the v1 endpoint of openAiAccountName, or no judge (offline metrics only).')
param judgeEndpoint string = ''

@description('ScoreJobs__Judge__Provider: azure or openai. Empty: azure with openAiAccountName, else inferred by the app from the endpoint host.')
@allowed([
  ''
  'azure'
  'openai'
])
param judgeProvider string = ''

@description('ScoreJobs__Judge__Model: the chat deployment (Azure OpenAI) or model name.')
param judgeModel string = ''

@description('ScoreJobs__Judge__EmbeddingModel: the embedding deployment or model name. Empty: no embeddings.')
param judgeEmbeddingModel string = ''

@description('ScoreJobs__JobTimeoutSeconds: the deadline of one job. host.json functionTimeout (10 minutes) must stay above it.')
@minValue(1)
@maxValue(480)
param jobTimeoutSeconds int = 300

@description('ScoreJobs__MaxDeliveries: deliveries of a message before its job is failed. At most host.json maxDequeueCount (5).')
@minValue(1)
@maxValue(5)
param maxDeliveries int = 5

@description('ScoreJobs__MaxRequestBytes: the largest request body.')
@minValue(1024)
param maxRequestBytes int = 1048576

@description('Comma-separated hosts or IPs a job\'s callback_url may reach over http or on a private address, e.g. a Dify server in the same network. The signing secret (ScoreJobs__Callbacks__Secret) is not set here: callbacks stay off until you add it, as a Key Vault reference.')
param callbackAllowedHosts string = ''

@description('Flex Consumption: the most instances the app scales out to. Each runs up to 24 jobs (host.json), so this caps the load on the judge.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Flex Consumption: memory of one instance.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Region of the Static Web App, which is offered in fewer regions. Default: location when it is one of them, else eastasia.')
@allowed([
  'centralus'
  'eastasia'
  'eastus2'
  'westeurope'
  'westus2'
])
param staticWebAppLocation string = contains(['centralus', 'eastasia', 'eastus2', 'westeurope', 'westus2'], location) ? location : 'eastasia'

// The azd service names in azure.yaml; azd finds each service's resource by its azd-service-name tag.
var apiServiceName = 'api'
var webServiceName = 'web'

// The names the app uses by default (CONTRACT.md); the queue trigger reads ScoreJobs__Queue, poison goes to {queue}-poison.
var jobsContainerName = 'score-jobs'
var jobsQueueName = 'score-jobs'
var jobsPoisonQueueName = 'score-jobs-poison' // the app's {queue}-poison
// Dataset runs' jobs travel on a lane of their own (ScoreJobs__RunQueue), with its own trigger and poison queue.
var runsQueueName = 'score-jobs-runs'
var runsPoisonQueueName = 'score-jobs-runs-poison'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = 'func-scorejobs-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

// An explicit judgeEndpoint wins; else the given Azure OpenAI account's v1 endpoint; else no judge.
var effectiveJudgeEndpoint = !empty(judgeEndpoint) ? judgeEndpoint : openAiAccess.?outputs.judgeEndpoint ?? ''

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-scorejobs-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-scorejobs-${resourceToken}'
    applicationInsightsName: 'appi-scorejobs-${resourceToken}'
    location: location
    tags: tags
    metricsPublisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stscorejobs${take(resourceToken, 13)}'
    location: location
    tags: tags
    containerNames: [
      jobsContainerName
      deploymentContainerName
    ]
    queueNames: [
      jobsQueueName
      jobsPoisonQueueName
      runsQueueName
      runsPoisonQueueName
    ]
  }
}

// The app identity: what the Functions host needs of AzureWebJobsStorage (blob keys, leases, the Flex
// deployment package: Blob Data Owner; queue trigger and output binding: Queue Data Contributor; host
// diagnostics tables: Table Data Contributor), which also covers everything Core does with records and messages.
module appStorageAccess 'app/storage-access.bicep' = {
  name: 'app-storage-access'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionIds: [
      'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
      '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
      '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
    ]
  }
}

// Whoever runs azd can read the records (and requeue messages) with their own sign-in.
module userStorageAccess 'app/storage-access.bicep' = if (!empty(principalId)) {
  name: 'user-storage-access'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor
      '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
    ]
  }
}

module openAiAccess 'app/openai-access.bicep' = if (!empty(openAiAccountName)) {
  name: 'openai-access'
  scope: resourceGroup(empty(openAiResourceGroupName) ? rg.name : openAiResourceGroupName)
  params: {
    accountName: openAiAccountName
    principalId: identity.outputs.principalId
  }
}

module staticWebApp 'app/static-web-app.bicep' = {
  name: 'static-web-app'
  scope: rg
  params: {
    name: 'stapp-scorejobs-${resourceToken}'
    location: staticWebAppLocation
    tags: {
      'azd-env-name': environmentName
      'azd-service-name': webServiceName
    }
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: functionAppName
    planName: 'plan-scorejobs-${resourceToken}'
    location: location
    tags: tags
    siteTags: {
      'azd-env-name': environmentName
      'azd-service-name': apiServiceName
    }
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    corsAllowedOrigins: [
      'https://${staticWebApp.outputs.defaultHostname}'
    ]
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    jobsContainerName: jobsContainerName
    jobsQueueName: jobsQueueName
    runsQueueName: runsQueueName
    judgeEndpoint: effectiveJudgeEndpoint
    judgeProvider: !empty(judgeProvider) ? judgeProvider : (empty(openAiAccountName) ? '' : 'azure')
    judgeModel: judgeModel
    judgeEmbeddingModel: judgeEmbeddingModel
    jobTimeoutSeconds: jobTimeoutSeconds
    maxDeliveries: maxDeliveries
    maxRequestBytes: maxRequestBytes
    callbackAllowedHosts: callbackAllowedHosts
  }
  // The host starts on the first request after deployment: let it find its storage roles in place.
  dependsOn: [
    appStorageAccess
  ]
}

// What azd stores in .azure/<env>/.env and prints; none of it is a secret.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output API_URL string = functionApp.outputs.url
output STATIC_WEB_APP_NAME string = staticWebApp.outputs.name
output STATIC_WEB_APP_URL string = 'https://${staticWebApp.outputs.defaultHostname}'
// The records page reads its API address from ?api= (or its connection settings, kept in the browser).
output RECORDS_PAGE_URL string = 'https://${staticWebApp.outputs.defaultHostname}/?api=${uriComponent(functionApp.outputs.url)}'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
