// The Functions app (src/ScoreFunctions) on a Flex Consumption plan: .NET 10 isolated worker, storage and
// Application Insights through the user-assigned identity, and the ScoreJobs settings by the names the app reads.
param name string
param planName string
param location string
param tags object
@description('Tags of the site alone: azd finds the service by its azd-service-name tag, which must be on one resource only.')
param siteTags object
param identityName string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param corsAllowedOrigins string[]
param maximumInstanceCount int
param instanceMemoryMB int

param jobsContainerName string
param jobsQueueName string
param runsQueueName string
param judgeEndpoint string
param judgeProvider string
param judgeModel string
param judgeEmbeddingModel string
param jobTimeoutSeconds int
param maxDeliveries int
param maxRequestBytes int
@description('Hosts a job\'s callback_url may reach over http or on a private address (ScoreJobs__Callbacks__AllowedHosts).')
param callbackAllowedHosts string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: siteTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      cors: {
        allowedOrigins: corsAllowedOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime here; FUNCTIONS_WORKER_RUNTIME is not an app setting on it.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting local.settings.sample.json has, in its Azure form: identity-based storage instead of the
// AzureWebJobsStorage connection string, no judge key (Entra ID), no API token (function keys guard the routes).
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    // DefaultAzureCredential (the judge over Entra ID) picks the user-assigned identity by this variable.
    AZURE_CLIENT_ID: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    ScoreJobs__Container: jobsContainerName
    ScoreJobs__Queue: jobsQueueName
    ScoreJobs__RunQueue: runsQueueName
    ScoreJobs__Judge__Endpoint: judgeEndpoint
    ScoreJobs__Judge__Provider: judgeProvider
    ScoreJobs__Judge__Model: judgeModel
    ScoreJobs__Judge__EmbeddingModel: judgeEmbeddingModel
    ScoreJobs__JobTimeoutSeconds: string(jobTimeoutSeconds)
    ScoreJobs__MaxDeliveries: string(maxDeliveries)
    ScoreJobs__MaxRequestBytes: string(maxRequestBytes)
    ScoreJobs__Callbacks__AllowedHosts: callbackAllowedHosts
  }
}

output name string = functionApp.name
output url string = 'https://${functionApp.properties.defaultHostName}'
