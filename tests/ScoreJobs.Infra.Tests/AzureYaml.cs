using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ScoreJobs.Infra;

/// <summary>The parts of azure.yaml (the azd project file) the tests check.</summary>
internal sealed class AzureYaml
{
    public string Name { get; set; } = "";

    public Dictionary<string, AzdService> Services { get; set; } = [];

    public static AzureYaml Parse(string yaml) =>
        new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<AzureYaml>(yaml);
}

internal sealed class AzdService
{
    public string Project { get; set; } = "";

    public string? Language { get; set; }

    public string Host { get; set; } = "";

    public string? Dist { get; set; }
}
