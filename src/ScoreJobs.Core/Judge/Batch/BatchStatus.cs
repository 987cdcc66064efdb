using System.Text.Json;

namespace ScoreJobs.Judge.Batch;

/// <summary>
/// A batch as the Batch API reports it (<c>GET /batches/{id}</c>): its status (<c>validating</c>, <c>in_progress</c>,
/// <c>finalizing</c>, <c>completed</c>, <c>failed</c>, <c>expired</c>, <c>cancelling</c>, <c>cancelled</c>), its
/// request counts, and once it ends the output and error files.
/// </summary>
internal sealed record BatchStatus(string Id, string State)
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";

    public string? InputFileId { get; init; }
    public string? OutputFileId { get; init; }
    public string? ErrorFileId { get; init; }
    public int Total { get; init; }
    public int CompletedCount { get; init; }
    public int FailedCount { get; init; }

    /// <summary>The batch's own errors (a bad input file, say), as one line; null when it reported none.</summary>
    public string? Errors { get; init; }

    /// <summary>True once the batch will change no more.</summary>
    public bool IsEnded => State is Completed or Failed or Expired or Cancelled;

    public static BatchStatus Parse(BinaryData json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var counts = root.TryGetProperty("request_counts", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        return new BatchStatus(String(root, "id") ?? throw new JsonException("The batch has no id."), String(root, "status") ?? "unknown")
        {
            InputFileId = String(root, "input_file_id"),
            OutputFileId = String(root, "output_file_id"),
            ErrorFileId = String(root, "error_file_id"),
            Total = Int(counts, "total"),
            CompletedCount = Int(counts, "completed"),
            FailedCount = Int(counts, "failed"),
            Errors = ErrorsOf(root),
        };
    }

    private static string? ErrorsOf(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object
            || !errors.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var messages = data.EnumerateArray().Select(e => String(e, "message") ?? String(e, "code")).OfType<string>().Take(3).ToList();
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
