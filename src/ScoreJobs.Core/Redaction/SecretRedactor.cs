using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using ScoreJobs.Text;

namespace ScoreJobs.Redaction;

/// <summary>
/// The one place secrets are taken out of text: the configured judge key, API token and callback secret wherever they
/// appear, and anything shaped like a credential (<c>Bearer …</c>, <c>sk-…</c>, <c>api-key: …</c>, <c>Authorization: …</c>,
/// <c>key=…</c>). Judge endpoints and gateways echo a rejected key in error bodies, and a model may quote one back in a
/// reply; replies, failures, records, responses, logs and telemetry all pass through here.
/// Microsoft.Extensions.Compliance.Redaction redacts values by data classification, whole; it has no way to find a
/// secret inside free text, which is what is needed here, hence this small class.
/// </summary>
internal sealed partial class SecretRedactor
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets) =>
        // Longest first, so a secret that contains another is masked whole. Very short values would mask ordinary words.
        _secrets = [.. secrets.Where(s => !string.IsNullOrWhiteSpace(s) && s.Trim().Length >= 6).Select(s => s!.Trim()).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];

    /// <summary>The secrets these settings hold: the judge key, the API token and the callback secret.</summary>
    public static SecretRedactor FromConfiguration(IConfiguration configuration) => new(
    [
        configuration[$"{ScoreJobsOptions.Section}:Judge:ApiKey"],
        configuration[$"{ScoreJobsOptions.Section}:{nameof(ScoreJobsOptions.ApiToken)}"],
        configuration[$"{ScoreJobsOptions.Section}:Callbacks:Secret"],
    ]);

    /// <summary>Whether <paramref name="text"/> holds anything <see cref="Redact"/> would mask.</summary>
    public bool Finds(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) return true;
        }

        return KeyLike().IsMatch(text);
    }

    /// <summary><paramref name="text"/> with every secret and credential-shaped value masked, whole otherwise.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return KeyLike().Replace(text, "$1" + Mask);
    }

    /// <summary><see cref="Redact"/>, then clipped to <paramref name="maxLength"/> characters: for messages a record keeps.</summary>
    public string Scrub(string text, int maxLength = 400) => Redact(text).ClipWithEllipsis(maxLength);

    // A scheme or a key's name, then the value: Bearer/Basic tokens, OpenAI-style sk- keys, and api-key, x-api-key,
    // x-functions-key, Authorization, key or access_token as a header, a JSON member or a query parameter.
    [GeneratedRegex(
        """((?:\b(?:bearer|basic)\s+)|(?:\bsk-)|(?:\b(?:authorization|(?:x-)?api[-_]?key|x-functions-key|access[-_]?token|key)["']?\s*[:=]\s*["']?(?:(?:bearer|basic)\s+)?))[A-Za-z0-9_\-\.~+/=\*]{4,}""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyLike();
}
