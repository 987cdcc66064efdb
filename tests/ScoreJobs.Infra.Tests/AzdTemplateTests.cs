using System.Text.Json.Nodes;

namespace ScoreJobs.Infra;

/// <summary>azure.yaml, infra/main.parameters.json and the outputs azd reads agree with the template and the repository.</summary>
[Collection(InfraCollection.Name)]
public sealed class AzdTemplateTests(CompiledInfra infra)
{
    // The resource type azd deploys each host kind to.
    private static readonly Dictionary<string, string> HostTypes = new()
    {
        ["function"] = "Microsoft.Web/sites",
        ["staticwebapp"] = "Microsoft.Web/staticSites",
    };

    private AzureYaml Project => AzureYaml.Parse(infra.ReadFile("azure.yaml"));

    [Fact]
    public void AzureYaml_EachService_IsTheOneResourceTaggedWithItsName()
    {
        var tagged = infra.Template.Resources
            .Where(r => !r.IsExisting && r["tags"] is not null)
            .Select(r => (Resource: r, Service: Tags(r)["azd-service-name"]?.GetValue<string>()))
            .Where(x => x.Service is not null)
            .ToList();

        Assert.Equal(Project.Services.Keys.Order(), tagged.Select(x => x.Service!).Order());
        Assert.All(Project.Services, service =>
        {
            var resource = Assert.Single(tagged, x => x.Service == service.Key).Resource;
            Assert.Equal(HostTypes[service.Value.Host], resource.Type);
        });
    }

    private static JsonObject Tags(ArmResource resource) =>
        ArmTemplate.Resolve(resource["tags"], resource.Deployment) as JsonObject
            ?? throw new InvalidOperationException($"the tags of {resource} are an expression this test cannot read: {resource["tags"]}");

    [Fact]
    public void AzureYaml_FunctionService_IsTheFunctionsProject()
    {
        var api = Assert.Single(Project.Services.Values, s => s.Host == "function");
        var project = Path.Combine(infra.Root, api.Project);

        Assert.Equal("dotnet", api.Language);
        Assert.Contains("<AzureFunctionsVersion>", File.ReadAllText(Assert.Single(Directory.GetFiles(project, "*.csproj"))), StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(Path.Combine(infra.Root, "src", "ScoreFunctions")), Path.GetFullPath(project));
    }

    [Fact]
    public void AzureYaml_StaticWebAppService_IsTheRecordsPageAsItIs()
    {
        var web = Assert.Single(Project.Services.Values, s => s.Host == "staticwebapp");
        var site = Path.GetFullPath(Path.Combine(infra.Root, web.Project, web.Dist ?? "."));

        // No language: the page has no build step, so azd deploys the folder as it is.
        Assert.Null(web.Language);
        Assert.Equal(Path.GetFullPath(Path.Combine(infra.Root, "static-site")), site);
        Assert.True(File.Exists(Path.Combine(site, "index.html")));
        Assert.True(File.Exists(Path.Combine(site, "staticwebapp.config.json")));
    }

    [Fact]
    public void ParametersFile_GivesEveryRequiredParameterAndNoUnknownOne()
    {
        var file = JsonNode.Parse(infra.ReadFile("infra", "main.parameters.json"))!["parameters"]!.AsObject();
        var declared = infra.Template.Main.Parameters;

        Assert.All(file.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"{name} is not a parameter of main.bicep"));
        Assert.All(declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key), name => Assert.True(file.ContainsKey(name), $"{name} has no default and no value"));
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    public void ParametersFile_TakesAzdsVariables(string parameter, string value)
    {
        var file = JsonNode.Parse(infra.ReadFile("infra", "main.parameters.json"))!["parameters"]!;

        Assert.Equal(value, file[parameter]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Outputs_NameTheAppAndBothAddresses()
    {
        var outputs = infra.Template.Main.Outputs;

        Assert.All(new[] { "AZURE_FUNCTION_APP_NAME", "API_URL", "STATIC_WEB_APP_URL", "RECORDS_PAGE_URL", "AZURE_RESOURCE_GROUP" },
            name => Assert.True(outputs.ContainsKey(name), $"no output {name}"));
    }

    [Fact]
    public void RecordsPageUrl_PassesTheApiTheWayThePageReadsIt()
    {
        var url = infra.Template.Main.Outputs["RECORDS_PAGE_URL"]!["value"]!.GetValue<string>();
        var csp = JsonNode.Parse(infra.ReadFile("static-site", "staticwebapp.config.json"))!["globalHeaders"]!["Content-Security-Policy"]!.GetValue<string>();
        var connectSources = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal)).Split(' ');

        Assert.Contains("/?api={1}', ", url, StringComparison.Ordinal);
        Assert.Contains("uriComponent(", url, StringComparison.Ordinal);
        Assert.Contains("get('api')", infra.ReadFile("static-site", "js", "settings.js"), StringComparison.Ordinal);
        Assert.Contains("https:", connectSources); // the page may call the Functions app on its own https origin
    }
}
