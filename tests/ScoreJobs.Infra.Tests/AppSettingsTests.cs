namespace ScoreJobs.Infra;

/// <summary>
/// The Functions app's settings against local.settings.sample.json, which holds every setting the app reads:
/// each one is set in Azure under its own name, or replaced by its Azure form for a stated reason.
/// </summary>
[Collection(InfraCollection.Name)]
public sealed class AppSettingsTests(CompiledInfra infra)
{
    // Settings of the local sample that Azure gets in another form, and why.
    private static readonly Dictionary<string, string> ReplacedInAzure = new()
    {
        ["AzureWebJobsStorage"] = "identity-based settings AzureWebJobsStorage__* replace the connection string",
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption takes it as functionAppConfig.runtime.name; it has deprecated the app setting",
        ["ScoreJobs__Judge__ApiKey"] = "no key: the judge authenticates with the app's identity (Entra ID)",
        ["ScoreJobs__ApiToken"] = "unset: function keys guard the routes, and the records page sends one credential only",
        ["ScoreJobs__Callbacks__Secret"] = "a secret: callbacks stay off until the operator adds it as a Key Vault reference",
    };

    [Fact]
    public void AppSettings_EverySettingOfTheLocalSample_IsSetUnlessReplacedInAzure()
    {
        var missing = infra.SampleSettings.Keys.Except(ReplacedInAzure.Keys).Where(name => !infra.AppSettings.ContainsKey(name)).ToList();

        Assert.True(missing.Count == 0, $"local.settings.sample.json has settings the Functions app does not get in Azure: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AppSettings_SettingsReplacedInAzure_AreStillSettingsOfTheLocalSample()
    {
        Assert.All(ReplacedInAzure.Keys, name => Assert.Contains(name, infra.SampleSettings.Keys));
        Assert.All(ReplacedInAzure.Keys, name => Assert.DoesNotContain(name, infra.AppSettings.Keys));
    }

    [Fact]
    public void AppSettings_ValuesTheSampleGives_AreTheSameInAzure()
    {
        // The sample's non-empty values are the app's defaults (container, queue, limits); Azure must not drift from them.
        var given = infra.SampleSettings.Where(s => s.Value.Length > 0 && !ReplacedInAzure.ContainsKey(s.Key)).ToList();

        Assert.Contains(given, s => s.Key == "ScoreJobs__Queue");
        Assert.All(given, s => Assert.Equal(s.Value, infra.AppSettings[s.Key]));
    }

    [Fact]
    public void AppSettings_Storage_IsIdentityBasedThroughTheUserAssignedIdentity()
    {
        var settings = infra.AppSettings;

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var uri = settings[$"AzureWebJobsStorage__{service}ServiceUri"];
            Assert.EndsWith($".primaryEndpoints.{service}]", uri, StringComparison.Ordinal);
            Assert.Equal(["Microsoft.Storage/storageAccounts"], ReadsFrom(uri));
        }

        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.EndsWith(".clientId]", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Equal(["Microsoft.ManagedIdentity/userAssignedIdentities"], ReadsFrom(settings["AzureWebJobsStorage__clientId"]));
    }

    [Fact]
    public void AppSettings_AzureClientId_IsTheStorageIdentity()
    {
        // The judge's DefaultAzureCredential has no client id setting of its own: it reads AZURE_CLIENT_ID to pick a
        // user-assigned identity, without which it would look for a system-assigned one the app does not have.
        Assert.Equal(infra.AppSettings["AzureWebJobsStorage__clientId"], infra.AppSettings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void AppSettings_JudgeProvider_IsSet()
    {
        // CONTRACT.md's configuration names ScoreJobs__Judge__Provider; empty lets the app infer it from the host.
        Assert.Contains("ScoreJobs__Judge__Provider", infra.AppSettings.Keys);
    }

    [Fact]
    public void AppSettings_ApplicationInsights_AuthenticatesWithTheIdentity()
    {
        var settings = infra.AppSettings;

        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);
        Assert.Contains(
            ClientIdExpression(settings["AzureWebJobsStorage__clientId"]),
            settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"],
            StringComparison.Ordinal);
    }

    private IReadOnlyList<string> ReadsFrom(string expression) =>
        ArmTemplate.ReferencedTypes(expression, infra.Template.Single("Microsoft.Web/sites/config").Deployment);

    // "[reference(...).clientId]" -> "reference(...).clientId", as it appears inside a format() expression.
    private static string ClientIdExpression(string setting) => setting.TrimStart('[').TrimEnd(']');
}
