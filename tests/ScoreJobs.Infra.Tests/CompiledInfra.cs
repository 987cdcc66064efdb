using ScoreJobs.Testing;

namespace ScoreJobs.Infra;

/// <summary>
/// infra/main.bicep compiled and linted once for all the infra tests. Without the Bicep CLI this throws, and
/// every test of the collection fails with the message of <see cref="BicepCli.Locate"/>.
/// </summary>
public sealed class CompiledInfra
{
    public CompiledInfra()
    {
        Root = RepositoryRoot.Find();
        Bicep = BicepCli.Locate(Root);
        Build = Bicep.Run("build", MainBicep, "--stdout");
        Lint = Bicep.Run("lint", MainBicep);
        Template = new ArmTemplate(Build.ExitCode == 0 ? Build.Output : throw new InvalidOperationException($"bicep build {MainBicep} failed: {Build.Describe()}"));
    }

    public string Root { get; }

    internal string MainBicep => Path.Combine(Root, "infra", "main.bicep");

    internal BicepCli Bicep { get; }

    internal BicepRun Build { get; }

    internal BicepRun Lint { get; }

    internal ArmTemplate Template { get; }

    /// <summary>The Functions app's settings (the <c>appsettings</c> config of the site), each value resolved.</summary>
    internal IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = Template.OfType("Microsoft.Web/sites/config").Single(r => r.Name.Contains("'appsettings'", StringComparison.Ordinal) || r.Name.EndsWith("/appsettings", StringComparison.Ordinal));
            return config.Properties.ToDictionary(p => p.Key, p => ArmTemplate.ResolveString(p.Value, config.Deployment));
        }
    }

    /// <summary>The <c>Values</c> of local.settings.sample.json: every setting the app reads, with local values.</summary>
    public IReadOnlyDictionary<string, string> SampleSettings =>
        System.Text.Json.Nodes.JsonNode.Parse(ReadFile("local.settings.sample.json"))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    public string ReadFile(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));
}
