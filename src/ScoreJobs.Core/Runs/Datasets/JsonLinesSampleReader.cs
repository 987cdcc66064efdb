using System.Globalization;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads JSONL samples: one JSON object a line; blank lines are skipped but still counted, so <c>line 4</c> is the
/// fourth line of the file as an editor shows it. A sample without an id gets its line number.
/// </summary>
internal static class JsonLinesSampleReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static void Read(ReadOnlyMemory<byte> body, SampleCollector samples)
    {
        var line = 0;
        var rest = body;
        while (!rest.IsEmpty)
        {
            line++;
            var end = rest.Span.IndexOf((byte)'\n');
            var text = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];

            if (text.Span.Trim(" \t\r"u8).IsEmpty) continue;
            if (samples.IsFull)
            {
                samples.CountUnread();
                continue;
            }

            var where = string.Create(CultureInfo.InvariantCulture, $"line {line}");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException ex)
            {
                samples.Reject(where, string.Create(CultureInfo.InvariantCulture,
                    $"is not valid JSON (position {ex.BytePositionInLine + 1}): each line must be one sample object"));
                continue;
            }

            using (document)
            {
                samples.Add(document.RootElement, where, line);
            }
        }
    }
}
