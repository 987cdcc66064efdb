using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>No key, connection-string secret or token is read, set or put out by the template.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class SecretTests(CompiledInfra infra)
{
    [Fact]
    public void Template_ReadsNoKeys()
    {
        // listKeys(), listSecrets(), listAccountSas()...: every ARM function that reads a secret is a list* call.
        Assert.DoesNotMatch(ListFunction(), infra.Template.Text);
    }

    [Theory]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessSignature")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("ApiKey")]
    public void Template_MentionsNoSecretBearingSetting(string text)
    {
        Assert.DoesNotContain(text, infra.Template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AppSettings_NameNoKeyTokenPasswordOrConnectionStringButApplicationInsights()
    {
        // Application Insights' connection string locates the resource and holds no secret: with local auth off,
        // telemetry is accepted only with the Entra ID token of APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
        var named = infra.AppSettings.Keys.Where(name => SecretName().IsMatch(name));

        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], named);
        Assert.True(infra.Template.Single("Microsoft.Insights/components").Properties["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Parameters_TakeNoSecret()
    {
        // Nothing secret goes in, so nothing secret can come out or land in deployment history.
        Assert.All(infra.Template.Deployments.SelectMany(d => d.Parameters.Select(p => (d, p))),
            x => Assert.DoesNotMatch("(?i)^secure", x.p.Value!["type"]!.GetValue<string>()));
    }

    [Fact]
    public void Outputs_OfMainAndModules_CarryNoSecret()
    {
        var outputs = infra.Template.Deployments.SelectMany(d => d.Outputs.Select(o => (Deployment: d, Name: o.Key, Output: o.Value!))).ToList();

        Assert.Contains(outputs, o => o.Name == "API_URL");
        Assert.All(outputs, o =>
        {
            Assert.DoesNotMatch("(?i)^secure", o.Output["type"]!.GetValue<string>());
            Assert.DoesNotMatch(SecretName(), o.Name);
            Assert.DoesNotContain("ConnectionString", o.Output["value"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        });
    }

    [GeneratedRegex(@"\blist[A-Z][A-Za-z]*\(")]
    private static partial Regex ListFunction();

    [GeneratedRegex("(?i)key|secret|password|token|connection")]
    private static partial Regex SecretName();
}
