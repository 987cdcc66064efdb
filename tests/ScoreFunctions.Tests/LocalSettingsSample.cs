using System.Text.Json;
using ScoreJobs.Testing;

namespace ScoreFunctions;

/// <summary>local.settings.sample.json at the repository root: what a developer copies to run the app with func start.</summary>
internal static class LocalSettingsSample
{
    public static Dictionary<string, string?> Values()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
    }
}
