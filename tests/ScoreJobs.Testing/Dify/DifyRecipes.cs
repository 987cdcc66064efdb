using System.Text.RegularExpressions;

namespace ScoreJobs.Testing.Dify;

/// <summary>
/// The recipes of docs/dify.md, read from the page itself (the fenced block after each <c>&lt;!-- recipe: name --&gt;</c>),
/// so a test drives exactly what a reader copies.
/// </summary>
public static partial class DifyRecipes
{
    public static string Read(string name)
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "dify.md"));
        var match = Recipe().Matches(page).SingleOrDefault(m => m.Groups["name"].Value == name)
            ?? throw new InvalidOperationException($"docs/dify.md has no recipe '{name}'");
        return match.Groups["body"].Value.ReplaceLineEndings("\n").TrimEnd('\n');
    }

    /// <summary>A bulk-edit block (<c>key:value</c> lines, as Dify's key-value editor takes them) as pairs.</summary>
    public static List<KeyValuePair<string, string>> ReadPairs(string name) =>
        [.. Read(name).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : ""))];

    [GeneratedRegex(@"<!-- recipe: (?<name>[a-z-]+) -->\s*```[a-z]*\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Recipe();
}
