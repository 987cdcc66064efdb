using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>The Functions app's plan, runtime, identity, deployment package and CORS.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class FunctionAppTests(CompiledInfra infra)
{
    private ArmResource Site => infra.Template.Single("Microsoft.Web/sites");

    private JsonObject FunctionAppConfig => Site.Properties["functionAppConfig"]!.AsObject();

    [Fact]
    public void Plan_IsFlexConsumptionOnLinux()
    {
        var plan = infra.Template.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.True(plan.Properties["reserved"]!.GetValue<bool>());
        Assert.Equal("functionapp,linux", Site["kind"]!.GetValue<string>());
        Assert.Contains("Microsoft.Web/serverfarms", Site.Properties["serverFarmId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_IsTheWorkerAndDotnetVersionTheProjectBuilds()
    {
        var runtime = FunctionAppConfig["runtime"]!;
        var targetFramework = TargetFramework().Match(infra.ReadFile("src", "ScoreFunctions", "ScoreFunctions.csproj")) is { Success: true } own
            ? own
            : TargetFramework().Match(infra.ReadFile("Directory.Build.props"));

        Assert.Equal(infra.SampleSettings["FUNCTIONS_WORKER_RUNTIME"], runtime["name"]!.GetValue<string>());
        Assert.Equal(targetFramework.Groups["version"].Value, runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void Deployment_IsABlobContainerOfTheTemplateReadWithTheAppIdentity()
    {
        var storage = FunctionAppConfig["deployment"]!["storage"]!;
        var identityIds = Site["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key).ToList();
        var container = DeploymentContainerParameter().Match(storage["value"]!.GetValue<string>());
        var containerName = ArmTemplate.ResolveString(JsonValue.Create($"[parameters('{container.Groups["name"].Value}')]"), Site.Deployment);

        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal(
            IdentityResourceId().Match(Assert.Single(identityIds)).Value,
            IdentityResourceId().Match(storage["authentication"]!["userAssignedIdentityResourceId"]!.GetValue<string>()).Value);
        Assert.Equal(["Microsoft.Storage/storageAccounts"], ArmTemplate.ReferencedTypes(storage["value"]!.GetValue<string>(), Site.Deployment));
        Assert.True(container.Success, storage["value"]!.GetValue<string>());
        Assert.Contains(containerName, infra.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").SelectMany(ArmTemplate.CreatedNames));
    }

    [Fact]
    public void Identity_IsUserAssignedOnly()
    {
        Assert.Equal("UserAssigned", Site["identity"]!["type"]!.GetValue<string>());
        Assert.Single(Site["identity"]!["userAssignedIdentities"]!.AsObject());
    }

    [Fact]
    public void Site_TakesHttpsOnly()
    {
        Assert.True(Site.Properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", Site.Properties["siteConfig"]!["minTlsVersion"]!.GetValue<string>());
    }

    [Fact]
    public void Cors_AllowsTheStaticWebAppsOriginOnly()
    {
        var origins = ArmTemplate.Resolve(Site.Properties["siteConfig"]!["cors"]!["allowedOrigins"], Site.Deployment)!.AsArray();
        var origin = Assert.Single(origins)!.GetValue<string>();

        Assert.StartsWith("[format('https://{0}', reference(", origin, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Resources/deployments', 'static-web-app')", origin, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.defaultHostname.value)]", origin, StringComparison.Ordinal);
        var site = infra.Template.Single("Microsoft.Web/staticSites");
        Assert.Equal("static-web-app", site.Deployment.Name);
        Assert.Contains("defaultHostname", site.Deployment.Outputs["defaultHostname"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void JobLimits_StayWithinHostJson()
    {
        var host = JsonNode.Parse(infra.ReadFile("host.json"))!;
        var maxDequeueCount = host["extensions"]!["queues"]!["maxDequeueCount"]!.GetValue<int>();
        var functionTimeout = TimeSpan.Parse(host["functionTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var parameters = infra.Template.Main.Parameters;

        // docs/functions.md: MaxDeliveries at most maxDequeueCount; functionTimeout at least the job deadline plus two minutes.
        Assert.True(parameters["maxDeliveries"]!["maxValue"]!.GetValue<int>() <= maxDequeueCount);
        Assert.True(parameters["maxDeliveries"]!["defaultValue"]!.GetValue<int>() <= maxDequeueCount);
        Assert.True(TimeSpan.FromSeconds(parameters["jobTimeoutSeconds"]!["maxValue"]!.GetValue<int>() + 120) <= functionTimeout);
    }

    [GeneratedRegex(@"<TargetFramework>net(?<version>\d+\.\d+)</TargetFramework>")]
    private static partial Regex TargetFramework();

    [GeneratedRegex(@"resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', [^)]+\)")]
    private static partial Regex IdentityResourceId();

    [GeneratedRegex(@"parameters\('(?<name>[^']+)'\)\)\]$")]
    private static partial Regex DeploymentContainerParameter();
}
