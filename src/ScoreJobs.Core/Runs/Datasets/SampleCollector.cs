using ScoreJobs.Requests;
using ScoreJobs.Text;
using System.Buffers;
using System.Globalization;
using System.Text;
using ScoreJobs.Labels;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads a run's samples, one JSON object each, into score requests with the run's settings applied, and keeps their
/// ids unique. Errors are keyed by where the sample is (<c>samples[2]</c>, <c>line 4</c>, <c>row 5</c>) and the field.
/// Identical errors are written once over ranges of samples (<c>rows 2-51.ground_truth</c>), and at most
/// <see cref="MaxReportedGroups"/> kinds of error are listed, so a broken export of thousands of rows gets a readable answer.
/// </summary>
internal sealed class SampleCollector(RunSettings settings, RequestErrors errors)
{
    public const int MaxReportedGroups = 20;

    private readonly List<DatasetSample> _samples = [];
    private readonly Dictionary<string, (string Where, bool Defaulted)> _ids = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _renamed = new();
    private readonly SampleErrorGroups _problems = new(MaxReportedGroups);

    /// <summary>Samples offered so far, those past <see cref="RunSubmissionReader.MaxSamples"/> included.</summary>
    public int Count { get; private set; }

    /// <summary>True once the run holds as many samples as it may: the rest need only be counted.</summary>
    public bool IsFull => Count >= RunSubmissionReader.MaxSamples;

    /// <summary>Counts a sample past the limit without reading it.</summary>
    public void CountUnread() => Count++;

    /// <summary>Reads one sample; <paramref name="position"/> (1-based) is its id when it gives none.</summary>
    public void Add(JsonElement sample, string where, int position)
    {
        if (++Count > RunSubmissionReader.MaxSamples) return;

        var problems = new RequestErrors();
        try
        {
            var request = Read(sample, where, position, problems, out var id);
            var label = ReadLabel(sample, problems);
            if (request is not null && problems.IsEmpty)
            {
                _samples.Add(new DatasetSample(id!, request) { Where = where, Label = label });
                return;
            }
        }
        catch (InvalidOperationException)
        {
            // JSON that parses but escapes a lone surrogate (\ud800) cannot be read as text.
            problems.Add("", "holds a string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
        }

        Report(where, problems);
    }

    /// <summary>Counts a sample that could not be read at all, such as a JSONL line that is not JSON.</summary>
    public void Reject(string where, string message)
    {
        if (++Count > RunSubmissionReader.MaxSamples) return;

        var problems = new RequestErrors();
        problems.Add("", message);
        Report(where, problems);
    }

    /// <summary>The run, or null when it or any sample had an error (all of them in the errors).</summary>
    public RunSubmission? Finish()
    {
        if (Count == 0)
        {
            errors.Add("samples", "the run has no samples: give at least one");
        }
        else if (Count > RunSubmissionReader.MaxSamples)
        {
            errors.Add("samples", string.Create(CultureInfo.InvariantCulture,
                $"a run holds at most {RunSubmissionReader.MaxSamples:N0} samples; this one has {Count:N0}: split it into several runs"));
        }

        _problems.WriteTo(errors);

        return errors.IsEmpty ? new RunSubmission(settings, _samples) : null;
    }

    private ScoreRequest? Read(JsonElement sample, string where, int position, RequestErrors problems, out string? id)
    {
        id = null;
        if (sample.ValueKind != JsonValueKind.Object)
        {
            problems.Add("", "must be an object with at least a 'question'");
            return null;
        }

        id = ReadId(sample, where, position, problems);
        foreach (var field in SampleFields.RunLevel)
        {
            if (IsGiven(sample, field))
            {
                problems.Add(field, "is a run setting: give it once for the whole run (in the JSON body, or the query string for JSONL and CSV), not per sample");
            }
        }

        var renamed = RenameAliases(sample, problems, out var aliasesUsed);
        using var renamedDocument = renamed;
        var readerErrors = new RequestErrors();
        var request = ScoreRequestReader.Read(renamed?.RootElement ?? sample, readerErrors, ignoredFields: null, SampleFields.Own);
        foreach (var (field, messages) in readerErrors.IsEmpty ? [] : readerErrors.ToDictionary())
        {
            var root = RootOf(field);
            if (SampleFields.RunLevel.Contains(root)) continue; // already reported as misplaced

            // Name the field as the sample did, RAGAS name or ours.
            var named = aliasesUsed?.TryGetValue(root, out var alias) == true ? string.Concat(alias, field.AsSpan(root.Length)) : field;
            foreach (var message in messages) problems.Add(named, message);
        }

        if (request is null) return null;

        return request with
        {
            Metrics = settings.Metrics,
            Weights = settings.Weights,
            JudgeModel = settings.JudgeModel,
            EmbeddingModel = settings.EmbeddingModel,
            Cache = settings.Cache,
            Repeats = settings.Repeats,
            Rubrics = settings.Rubrics,
            // A repeated metric is flaky against the run's threshold for it.
            Thresholds = settings.Repeats > 1 && settings.Thresholds.Count > 0 ? settings.Thresholds : null,
            CallbackUrl = null,
            Metadata = MergeMetadata(request.Metadata, problems),
        };
    }

    /// <summary>The sample's id, or its position when it gives none; null when the id is unusable or taken.</summary>
    private string? ReadId(JsonElement sample, string where, int position, RequestErrors problems)
    {
        string? id;
        var given = IsGiven(sample, SampleFields.Id);
        if (!given)
        {
            id = position.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            var value = sample.GetProperty(SampleFields.Id);
            id = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!.Trim(),
                JsonValueKind.Number when IsInteger(value.GetRawText()) => value.GetRawText(),
                _ => null,
            };

            var problem = id?.Length switch
            {
                null => "must be a string or an integer",
                0 => "must not be blank",
                > SampleFields.MaxIdLength => $"must be at most {SampleFields.MaxIdLength} characters (got {id.Length})",
                _ => ControlCharacters.Problem(id),
            };
            if (id is null || problem is not null)
            {
                problems.Add(SampleFields.Id, problem!);
                return null;
            }
        }

        if (_ids.TryGetValue(id, out var first))
        {
            var shown = id.ClipWithEllipsis(40);
            problems.Add(SampleFields.Id, (given, first.Defaulted) switch
            {
                (true, false) => $"'{shown}' is also the id of {first.Where}: ids must be unique within a run",
                (true, true) => $"'{shown}' is also the default id of {first.Where}, which has none (a sample without an id gets its position)",
                _ => $"this sample has no id, and its default id '{shown}' (its position) is the id of {first.Where}: give it an id",
            });
            return null;
        }

        _ids[id] = (where, !given);
        return id;

        static bool IsInteger(string raw) => raw.AsSpan().TrimStart('-') is { Length: > 0 } digits && !digits.ContainsAnyExceptInRange('0', '9');
    }

    /// <summary>
    /// A copy of the sample with RAGAS names changed to ours, or null when it uses none (the usual case, read in place).
    /// <paramref name="aliasesUsed"/> maps our name back to the RAGAS one the sample used, for error keys.
    /// </summary>
    private JsonDocument? RenameAliases(JsonElement sample, RequestErrors problems, out Dictionary<string, string>? aliasesUsed)
    {
        aliasesUsed = null;
        foreach (var (alias, name) in SampleFields.Aliases)
        {
            if (!IsGiven(sample, alias)) continue;
            if (IsGiven(sample, name) || aliasesUsed?.ContainsKey(name) == true)
            {
                problems.Add(alias, $"is the {(alias == "query" ? "Dify" : "RAGAS")} name of '{name}': give one of them, not both");
                continue;
            }

            (aliasesUsed ??= new(StringComparer.Ordinal))[name] = alias;
        }

        if (aliasesUsed is null) return null;

        _renamed.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_renamed))
        {
            writer.WriteStartObject();
            foreach (var property in sample.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null) continue;
                if (SampleFields.Aliases.TryGetValue(property.Name, out var name))
                {
                    if (!aliasesUsed.ContainsKey(name)) continue; // in conflict with our name, which is read
                    writer.WritePropertyName(name);
                }
                else
                {
                    writer.WritePropertyName(property.Name);
                }

                property.Value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(_renamed.WrittenMemory);
    }

    /// <summary>The sample's label, read as a person's label is (its errors named <c>labels.scores.m</c>, <c>labels.rating</c>).</summary>
    private JobLabel? ReadLabel(JsonElement sample, RequestErrors problems)
    {
        if (sample.ValueKind != JsonValueKind.Object || !sample.TryGetProperty(SampleFields.Labels, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        var labelErrors = new RequestErrors();
        var label = LabelReader.Read(Encoding.UTF8.GetBytes(value.GetRawText()), JobLabel.DatasetRater, IsLabelMetric, default, labelErrors);
        foreach (var (field, messages) in labelErrors.IsEmpty ? [] : labelErrors.ToDictionary())
        {
            foreach (var message in messages) problems.Add(field == "body" ? SampleFields.Labels : $"{SampleFields.Labels}.{field}", message);
        }

        return label;
    }

    // The run's metrics when it names them (any name otherwise: the catalog resolves them later), and the weighted score.
    private bool IsLabelMetric(string name) => name == Index.RunTally.WeightedScore || settings.Metrics?.Contains(name) != false;

    /// <summary>The run's tags under the sample's own, which win; together they keep the score request's bounds.</summary>
    private IReadOnlyDictionary<string, string>? MergeMetadata(IReadOnlyDictionary<string, string>? own, RequestErrors problems)
    {
        if (settings.Metadata is not { Count: > 0 } run) return own;
        if (own is not { Count: > 0 }) return run;

        var merged = new Dictionary<string, string>(run, StringComparer.Ordinal);
        foreach (var (name, value) in own) merged[name] = value;

        var bytes = merged.Sum(tag => ScoreRequestReader.TagBytes(tag.Key, tag.Value));
        if (ScoreRequestReader.MetadataSizeProblem(merged.Count, bytes) is { } problem)
        {
            problems.Add("metadata", $"{problem}, the run's metadata included");
        }

        return merged;
    }

    private void Report(string where, RequestErrors problems)
    {
        foreach (var (field, messages) in problems.ToDictionary())
        {
            foreach (var message in messages) _problems.Add(where, field, message);
        }
    }

    private static bool IsGiven(JsonElement sample, string name) =>
        sample.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static string RootOf(string field)
    {
        var end = field.AsSpan().IndexOfAny('[', '.');
        return end < 0 ? field : field[..end];
    }
}
