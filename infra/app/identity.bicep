// The app's user-assigned identity: storage, the Flex deployment package, Application Insights and the judge
// all authenticate with it. User-assigned, so its roles exist before the app does.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
