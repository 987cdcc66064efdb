using ScoreJobs.Text;
using System.Text.RegularExpressions;

namespace ScoreJobs.Judge;

/// <summary>
/// Keeps keys out of records and logs: servers echo (part of) a rejected key in their error messages,
/// and a message is all a record keeps of a failed call.
/// </summary>
internal sealed partial class SecretScrubber(string? apiKey)
{
    public string Scrub(string text, int maxLength = 400)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            text = text.Replace(apiKey, "***", StringComparison.Ordinal);
        }

        return KeyLike().Replace(text, "$1***").ClipWithEllipsis(maxLength);
    }

    [GeneratedRegex(@"(sk-|Bearer\s+|api-key[:=]\s*|key=)[A-Za-z0-9_\-\.\*]{4,}", RegexOptions.IgnoreCase)]
    private static partial Regex KeyLike();
}
