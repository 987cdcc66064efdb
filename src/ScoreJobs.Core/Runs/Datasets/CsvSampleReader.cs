using CsvHelper;
using ScoreJobs.Requests;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads CSV samples (Excel's "CSV UTF-8" export and the like) through CsvHelper. The header row names the columns,
/// trimmed and matched ignoring case: <c>question, answer, contexts, ground_truth, id</c>, their RAGAS names, and
/// <c>metadata.&lt;tag&gt;</c>; other columns are ignored, so exports with extra columns load as they are. Each record
/// becomes a JSON sample object (empty cells left out) read like any other sample. Rows are numbered as a spreadsheet
/// shows them: the header is row 1, a quoted cell with line breaks stays one row, and blank rows are skipped but
/// counted. A sample without an id gets its record number (its row - 1).
/// </summary>
internal static class CsvSampleReader
{
    private const string MetadataPrefix = "metadata.";
    private const string LabelPrefix = "label.";
    private const string LabelRating = "rating";

    private sealed record Column(int Index, JsonEncodedText Name);

    /// <summary>False when the header row is unusable; the errors say why and no record was read.</summary>
    public static bool Read(Stream body, SampleCollector samples, RequestErrors errors) => Read(body, samples, errors, out _);

    /// <summary>
    /// As <see cref="Read(Stream, SampleCollector, RequestErrors)"/>; <paramref name="columns"/> says which header columns
    /// were read and which ignored. The body is seekable UTF-8, read from where it is a record at a time.
    /// </summary>
    public static bool Read(Stream body, SampleCollector samples, RequestErrors errors, out CsvColumns? columns)
    {
        columns = null;
        var unclosedQuoteRows = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            Separator = SeparatorOf(body),
            // Blank lines are read as records (then skipped here) so that record numbers stay spreadsheet rows.
            SkipEmptyLines = false,
            OnMalformedRecord = record =>
            {
                if (record.Reason == CsvMalformedReason.UnterminatedQuote) unclosedQuoteRows.Add(record.RecordNumber);
            },
        };

        using var reader = CsvReader.Create(body, options, leaveOpen: true);
        var headerRead = TryReadHeader(reader.Headers, errors, out var fields, out var tags, out var labels);
        columns = ColumnsOf(reader.Headers, fields, [.. tags, .. labels]);
        if (!headerRead) return false;

        var json = new ArrayBufferWriter<byte>();
        while (reader.Read())
        {
            var lastFilled = LastFilledCell(reader);
            if (lastFilled < 0) continue;
            if (samples.IsFull)
            {
                samples.CountUnread();
                continue;
            }

            var row = reader.RowNumber + 1;
            var where = string.Create(CultureInfo.InvariantCulture, $"row {row}");
            if (unclosedQuoteRows.Contains(row))
            {
                samples.Reject(where, "opens a quote that is never closed, so the rest of the file was read as one cell");
            }
            else if (lastFilled >= reader.Headers.Count)
            {
                samples.Reject(where, string.Create(CultureInfo.InvariantCulture,
                    $"has a value in column {ColumnLetters(lastFilled)} but the header names only {reader.Headers.Count} columns: a cell that holds the separator must be quoted"));
            }
            else
            {
                WriteSample(reader, fields, tags, labels, json);
                using var sample = JsonDocument.Parse(json.WrittenMemory);
                samples.Add(sample.RootElement, where, checked((int)reader.RowNumber));
            }
        }

        return true;
    }

    /// <summary>
    /// The header row decides the separator: column names hold none, so the most frequent of ',', ';' (Excel where the
    /// decimal mark is a comma) and tab in it is the one. Guessing from the data instead would split a one-column file
    /// whose text has semicolons. An Excel <c>sep=</c> first line is left to CsvHelper.
    /// </summary>
    private static char? SeparatorOf(Stream body)
    {
        // The header row, or its first 64 KiB when it is longer: enough to count separators in.
        var start = body.Position;
        var buffer = new byte[64 * 1024];
        var read = body.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        body.Position = start;
        var head = buffer.AsSpan(0, read);
        var end = head.IndexOfAny((byte)'\r', (byte)'\n');
        var header = end < 0 ? head : head[..end];
        if (header.StartsWith("sep="u8)) return null;

        int commas = header.Count((byte)','), semicolons = header.Count((byte)';'), tabs = header.Count((byte)'\t');
        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    private static CsvColumns ColumnsOf(IReadOnlyList<string> headers, List<Column> fields, List<Column> tags)
    {
        var used = fields.Concat(tags).Select(c => c.Index).ToHashSet();
        var read = Enumerable.Range(0, headers.Count).Where(used.Contains).Select(i => headers[i].Trim()).ToList();
        var readNames = read.Select(h => h.ToLowerInvariant()).ToList();
        var ignored = Enumerable.Range(0, headers.Count).Where(i => !used.Contains(i)).Select(i => CsvColumns.Ignore(headers[i].Trim(), i, readNames)).ToList();
        return new CsvColumns(read, ignored);
    }

    private static bool TryReadHeader(
        IReadOnlyList<string> headers, RequestErrors errors, out List<Column> fields, out List<Column> tags, out List<Column> labels)
    {
        fields = [];
        tags = [];
        labels = [];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var ok = true;
        for (var index = 0; index < headers.Count; index++)
        {
            var header = headers[index].Trim();
            var name = header.ToLowerInvariant();
            if (name.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                var tag = header[MetadataPrefix.Length..].Trim();
                if (tag.Length == 0)
                {
                    Fail($"row 1.{header}", "names no tag: name the column metadata.<tag>, such as metadata.app");
                }
                else if (Distinct(MetadataPrefix + tag, index))
                {
                    tags.Add(new Column(index, JsonEncodedText.Encode(tag)));
                }
            }
            else if (name.StartsWith(LabelPrefix, StringComparison.Ordinal))
            {
                var metric = header[LabelPrefix.Length..].Trim();
                if (metric.Length == 0)
                {
                    Fail($"row 1.{header}", "names no metric: name the column label.<metric> (a person's score, 0 to 1) or label.rating (good or bad)");
                }
                else if (Distinct(LabelPrefix + metric, index))
                {
                    labels.Add(new Column(index, JsonEncodedText.Encode(metric)));
                }
            }
            else if (name == "metadata")
            {
                Fail($"row 1.{header}", "use one column per tag, named metadata.<tag>, such as metadata.app");
            }
            else if (SampleFields.RunLevel.Contains(name))
            {
                Fail($"row 1.{header}", "is a run setting: give it once in the query string, not as a column");
            }
            else if (SampleFields.Text.Contains(name) && Distinct(name, index))
            {
                fields.Add(new Column(index, JsonEncodedText.Encode(name)));
            }
        }

        if (!seen.ContainsKey("question") && !seen.ContainsKey("user_input") && !seen.ContainsKey("query"))
        {
            Fail("row 1", headers.Count == 0
                ? "is missing: the file is empty"
                : "has no 'question' column (or RAGAS 'user_input'): the first row must name the columns, such as question,answer,contexts,ground_truth");
        }

        return ok;

        bool Distinct(string key, int index)
        {
            if (seen.TryAdd(key, index)) return true;
            Fail($"row 1.{headers[index].Trim()}", $"names columns {ColumnLetters(seen[key])} and {ColumnLetters(index)}: keep one");
            return false;
        }

        void Fail(string field, string message)
        {
            errors.Add(field, message);
            ok = false;
        }
    }

    private static void WriteSample(CsvReader reader, List<Column> fields, List<Column> tags, List<Column> labels, ArrayBufferWriter<byte> json)
    {
        json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(json);
        writer.WriteStartObject();
        foreach (var field in fields)
        {
            var cell = reader.GetSpan(field.Index);
            if (!IsBlank(cell)) writer.WriteString(field.Name, cell);
        }

        var tagsStarted = false;
        foreach (var tag in tags)
        {
            var cell = reader.GetSpan(tag.Index);
            if (IsBlank(cell)) continue;
            if (!tagsStarted)
            {
                writer.WriteStartObject("metadata");
                tagsStarted = true;
            }

            writer.WriteString(tag.Name, cell);
        }

        if (tagsStarted) writer.WriteEndObject();
        WriteLabels(reader, labels, writer);
        writer.WriteEndObject();
    }

    // label.<metric> and label.rating cells as a sample's "labels" object; a score that is no number stays text, so the
    // label reader names it (labels.scores.<metric>) as it would in JSON.
    private static void WriteLabels(CsvReader reader, List<Column> labels, Utf8JsonWriter writer)
    {
        var given = labels.Where(l => !IsBlank(reader.GetSpan(l.Index))).ToList();
        if (given.Count == 0) return;
        writer.WriteStartObject(SampleFields.Labels);
        var scores = given.Where(l => l.Name.Value != LabelRating).ToList();
        if (scores.Count > 0)
        {
            writer.WriteStartObject("scores");
            foreach (var score in scores)
            {
                var cell = Encoding.UTF8.GetString(reader.GetSpan(score.Index)).Trim();
                if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) writer.WriteNumber(score.Name, value);
                else writer.WriteString(score.Name, cell);
            }

            writer.WriteEndObject();
        }

        if (given.FirstOrDefault(l => l.Name.Value == LabelRating) is { } rating) writer.WriteString(LabelRating, Encoding.UTF8.GetString(reader.GetSpan(rating.Index)).Trim());
        writer.WriteEndObject();
    }

    private static int LastFilledCell(CsvReader reader)
    {
        for (var index = reader.FieldCount - 1; index >= 0; index--)
        {
            if (!IsBlank(reader.GetSpan(index))) return index;
        }

        return -1;
    }

    /// <summary>Empty or only whitespace (full-width spaces too): an absent value.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        while (!utf8.IsEmpty)
        {
            Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            if (!Rune.IsWhiteSpace(rune)) return false;
            utf8 = utf8[consumed..];
        }

        return true;
    }

    /// <summary>A 0-based column index as a spreadsheet names it: A, B, ... Z, AA.</summary>
    private static string ColumnLetters(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
