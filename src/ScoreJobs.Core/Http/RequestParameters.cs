using System.Globalization;
using Microsoft.AspNetCore.Http;
using ScoreJobs.Index;
using ScoreJobs.Requests;

namespace ScoreJobs.Http;

/// <summary>What the submit and list handlers of jobs and runs read alike: the Idempotency-Key header and a page (limit and cursor).</summary>
internal static class RequestParameters
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>The Idempotency-Key (null when absent), or an error on the header when it is not 1 to 255 visible ASCII characters.</summary>
    public static string? IdempotencyKey(HttpRequest http, RequestErrors errors)
    {
        var key = http.Headers[IdempotencyKeyHeader].ToString();
        if (key.Length > MaxIdempotencyKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            errors.Add(IdempotencyKeyHeader, $"must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters");
            return null;
        }

        return key.Length == 0 ? null : key;
    }

    /// <summary><c>limit</c> (1 to <paramref name="max"/>, default <paramref name="defaultLimit"/>) and <c>cursor</c> (the id after which the page starts).</summary>
    public static (int Limit, string? After) Page(IQueryCollection query, int defaultLimit, int max, RequestErrors errors)
    {
        var limit = defaultLimit;
        if (query.TryGetValue("limit", out var limitText) &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
        {
            errors.Add("limit", $"must be a whole number from 1 to {max}");
        }

        if (!JobCursor.TryDecode(query["cursor"], out var after)) errors.Add("cursor", "is not a cursor this service returned; start again without it");
        return (limit, after);
    }
}
