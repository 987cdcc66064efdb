using ScoreJobs.Records;
using System.Buffers.Text;
using System.Text;

namespace ScoreJobs.Index;

/// <summary>The opaque list cursor: the last job id seen, versioned and base64url-encoded.</summary>
internal static class JobCursor
{
    private const string Prefix = "v1:";

    public static string Encode(string lastJobId) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastJobId));

    public static bool TryDecode(string? cursor, out string? lastJobId)
    {
        lastJobId = null;
        if (string.IsNullOrEmpty(cursor)) return true;
        if (cursor.Length > 128) return false;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || !JobId.IsValid(text[Prefix.Length..])) return false;
            lastJobId = text[Prefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
