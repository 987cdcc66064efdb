using System.Text.RegularExpressions;
using Azure.AI.OpenAI;

namespace ScoreJobs.Judge;

/// <summary>
/// <c>ScoreJobs__Judge__ApiVersion</c> as the Azure.AI.OpenAI client takes it: one of the service versions it knows
/// (<c>2024-10-21</c> is <see cref="AzureOpenAIClientOptions.ServiceVersion"/> <c>V2024_10_21</c>).
/// </summary>
internal static partial class AzureApiVersion
{
    /// <summary>Every api-version the client library can send, oldest first.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        [.. Enum.GetValues<AzureOpenAIClientOptions.ServiceVersion>().Order().Select(ToText).Distinct(StringComparer.Ordinal)];

    public static bool TryParse(string? text, out AzureOpenAIClientOptions.ServiceVersion version)
    {
        version = default;
        return text is not null
            && Shape().IsMatch(text.Trim())
            && Enum.TryParse("V" + text.Trim().Replace('-', '_'), ignoreCase: true, out version)
            && Enum.IsDefined(version);
    }

    private static string ToText(AzureOpenAIClientOptions.ServiceVersion version) =>
        version.ToString()[1..].Replace('_', '-').ToLowerInvariant();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Shape();
}
