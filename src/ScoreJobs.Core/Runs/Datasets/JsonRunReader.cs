using ScoreJobs.Requests;
using System.Globalization;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads an <c>application/json</c> run: <c>{"name", "samples": [...], "metrics", ...}</c>. A sample without an id gets its
/// 1-based index in <c>samples</c>; errors name it 0-based, as a JSON path does (<c>samples[0].question</c>).
/// </summary>
internal static class JsonRunReader
{
    // Two levels deeper than a single score request: the run object and its samples array.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 34 };

    public static RunSubmission? Read(ReadOnlyMemory<byte> utf8Json, RequestErrors errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add("body", string.Create(CultureInfo.InvariantCulture,
                $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "must be a JSON object with 'samples'");
                return null;
            }

            RunSettings settings;
            try
            {
                settings = RunSettingsReader.FromJson(root, errors);
            }
            catch (InvalidOperationException)
            {
                errors.Add("body", "holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
                return null;
            }

            if (!root.TryGetProperty("samples", out var samplesArray) || samplesArray.ValueKind != JsonValueKind.Array)
            {
                errors.Add("samples", "is required: an array of sample objects, such as [{\"question\": \"...\", \"answer\": \"...\"}]");
                return null;
            }

            var samples = new SampleCollector(settings, errors);
            var index = 0;
            foreach (var sample in samplesArray.EnumerateArray())
            {
                samples.Add(sample, $"samples[{index}]", index + 1);
                index++;
            }

            return samples.Finish();
        }
    }
}
