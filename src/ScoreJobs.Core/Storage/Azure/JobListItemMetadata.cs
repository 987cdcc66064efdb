using ScoreJobs.Records;
using System.Buffers.Text;
using System.Text.Json;
using ScoreJobs.Json;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// The list item of a record (<see cref="JobListItem"/>) carried in the blob's metadata as base64url
/// JSON, so that List Blobs with <c>include=metadata</c> yields a list page without downloading any blob.
/// Blob metadata is capped at 8 KB (names and values together): an item over the budget first loses the tail of
/// its error text (the blob keeps it whole); if it is still too large it carries no metadata, and a scan
/// downloads that one blob instead.
/// </summary>
internal static class JobListItemMetadata
{
    /// <summary>Metadata names are C# identifiers; Azure keeps their case, listings are read case-insensitively.</summary>
    public const string Name = "listitem";

    /// <summary>Leaves room under the 8 KB cap for the name and anything an operator adds by hand.</summary>
    public const int MaxValueLength = 7 * 1024;

    public const int ClippedErrorLength = 300;

    public static Dictionary<string, string>? Encode(JobRecord record)
    {
        var item = record.ToListItem();
        var value = ToBase64Url(item);
        if (value.Length <= MaxValueLength) return new() { [Name] = value };

        if (item.Error is { Length: > ClippedErrorLength } error)
        {
            value = ToBase64Url(item with { Error = string.Concat(error.AsSpan(0, ClippedErrorLength), "…") });
            if (value.Length <= MaxValueLength) return new() { [Name] = value };
        }

        return null;
    }

    /// <summary>The list item in <paramref name="metadata"/>, or null when there is none or it does not parse.</summary>
    public static JobListItem? Decode(IDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(Name, out var value) || value.Length == 0) return null;
        try
        {
            var json = Base64Url.DecodeFromChars(value);
            return JsonSerializer.Deserialize(json, RecordJsonContext.Readable.JobListItem);
        }
        catch (FormatException)
        {
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ToBase64Url(JobListItem item) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(item, RecordJsonContext.Readable.JobListItem));
}
