using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ScoreJobs.Judge;

/// <summary>
/// Reads a judge's reply into its record, tolerating what models wrap around JSON: code fences, prose
/// before or after, a reasoning model's <c>&lt;think&gt;</c> block, trailing commas and comments. Does not
/// tolerate wrong types: a verdict of "yes" where a number is due is a parse failure, not a guess.
/// </summary>
internal static partial class JudgeReplyParser
{
    private const int MaxCandidates = 16;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static bool TryParse<T>(string? reply, JsonTypeInfo<T> typeInfo, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
        where T : class
    {
        value = null;
        if (string.IsNullOrWhiteSpace(reply))
        {
            error = "the reply is empty";
            return false;
        }

        string? syntaxError = null;
        string? shapeError = null;
        foreach (var candidate in Candidates(ThinkBlock().Replace(reply, "")))
        {
            var bytes = Encoding.UTF8.GetBytes(candidate);
            JsonDocument document;
            try
            {
                var reader = new Utf8JsonReader(bytes, ReaderOptions);
                document = JsonDocument.ParseValue(ref reader);
            }
            catch (JsonException ex)
            {
                syntaxError ??= "not valid JSON: " + ex.Message;
                continue;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    shapeError ??= $"expected a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}";
                    continue;
                }

                try
                {
                    value = document.RootElement.Deserialize(typeInfo);
                }
                catch (JsonException ex)
                {
                    shapeError ??= "JSON of the wrong shape: " + ex.Message;
                    continue;
                }

                if (value is not null)
                {
                    error = null;
                    return true;
                }
            }
        }

        error = shapeError ?? syntaxError ?? "the reply holds no JSON object";
        return false;
    }

    /// <summary>Fenced blocks first, then the text from each opening brace (the reader stops at the end of the value).</summary>
    private static IEnumerable<string> Candidates(string text)
    {
        var yielded = 0;
        foreach (Match fence in CodeFence().Matches(text))
        {
            if (++yielded > MaxCandidates) yield break;
            yield return fence.Groups["body"].Value;
        }

        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            if (++yielded > MaxCandidates) yield break;
            yield return text[start..];
        }
    }

    [GeneratedRegex(@"<think>.*?</think>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ThinkBlock();

    [GeneratedRegex(@"```[A-Za-z0-9_-]*[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeFence();
}
