// The records page (static-site/, no build step). azd deploys the folder with the SWA CLI. The page calls the
// Functions app across origins: the app's CORS allows this site's default host name.
param name string
param location string
param tags object

resource site 'Microsoft.Web/staticSites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {}
}

output name string = site.name
output defaultHostname string = site.properties.defaultHostname
