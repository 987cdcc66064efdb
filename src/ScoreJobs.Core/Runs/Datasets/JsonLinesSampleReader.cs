using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads JSONL samples: one JSON object a line; blank lines are skipped but still counted, so <c>line 4</c> is the
/// fourth line of the file as an editor shows it (a line ends at LF, CR LF or a lone CR). A sample without an id gets
/// its line number. The body is read a line at a time (it must be UTF-8 without a byte order mark, as
/// <see cref="RunSubmissionReader"/> leaves it), so only the samples stay in memory.
/// </summary>
internal static class JsonLinesSampleReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public static void Read(Stream body, SampleCollector samples)
    {
        using var lines = new StreamReader(body, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var line = 0;
        while (lines.ReadLine() is { } text)
        {
            line++;
            if (text.AsSpan().Trim(" \t").IsEmpty) continue;
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
