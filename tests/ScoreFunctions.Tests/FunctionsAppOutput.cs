using System.Text.Json;
using ScoreJobs.Testing;

namespace ScoreFunctions;

/// <summary>
/// The built Functions app these tests read and run: <c>SCOREJOBS_FUNCTIONS_APP</c> when set (test.sh points it
/// at the unpacked deployment zip), else <c>src/ScoreFunctions/bin/{configuration}/net10.0</c> of this checkout,
/// built in the configuration these tests were built in.
/// </summary>
internal static class FunctionsAppOutput
{
    public const string Variable = "SCOREJOBS_FUNCTIONS_APP";

    public static string Directory { get; } = Locate();

    public static JsonElement ReadJson(string file)
    {
        var path = Path.Combine(Directory, file);
        Assert.True(File.Exists(path), $"{file} is not in the built Functions app at {Directory}");
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.Clone();
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured) return Path.GetFullPath(configured);

        // This assembly runs from tests/ScoreFunctions.Tests/bin/{configuration}/{framework}/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        return Path.Combine(RepositoryRoot.Find(), "src", "ScoreFunctions", "bin", configuration, framework.Name);
    }
}
