using System.Text.Json;

namespace ScoreJobs.Cli.Rendering;

/// <summary>What the server said to a cancel or retry, in a sentence: the run's status now and its counts where given.</summary>
internal static class RunActionText
{
    public static string Describe(JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object) return "";
        var parts = new List<string>();
        if (reply.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String) parts.Add($"status {status.GetString()}");
        foreach (var field in new[] { "retried", "cancelled", "requeued" })
            if (reply.TryGetProperty(field, out var count) && count.ValueKind == JsonValueKind.Number) parts.Add($"{count.GetRawText()} {field}");
        if (reply.TryGetProperty("counts", out var counts) && counts.ValueKind == JsonValueKind.Object)
            parts.Add(string.Join(", ", counts.EnumerateObject().Where(c => c.Value.ValueKind == JsonValueKind.Number).Select(c => $"{c.Value.GetRawText()} {c.Name}")));
        return parts.Count == 0 ? "" : $"Now: {string.Join("; ", parts)}.";
    }
}
