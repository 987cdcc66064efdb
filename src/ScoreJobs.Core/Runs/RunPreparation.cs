using ScoreJobs.Callbacks;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs.Datasets;

namespace ScoreJobs.Runs;

/// <summary>
/// Checks a read submission against the metric catalog, as a single job's request is checked: every sample's metrics
/// are selected (a judge metric with no judge configured, say, is an error naming the sample), and the run's
/// thresholds must name its metrics or the weighted score. Each sample's request keeps its resolved metric list, so
/// a later change of configuration cannot change what the run scores.
/// </summary>
internal static class RunPreparation
{
    private const int MaxGroupsReported = 20;

    public static PreparedRun? Prepare(RunSubmission submission, MetricCatalog catalog, RequestErrors errors)
    {
        var settings = submission.Settings;
        var samples = new List<RunSample>(submission.Samples.Count);
        var used = new List<string>();
        var problems = new SampleErrorGroups(MaxGroupsReported);
        foreach (var sample in submission.Samples)
        {
            var sampleErrors = new RequestErrors();
            var selection = catalog.Select(sample.Request, sampleErrors);
            if (selection is null)
            {
                // Named where the sample is (a CSV's spreadsheet row), identical errors over ranges of samples.
                foreach (var (field, messages) in sampleErrors.ToDictionary())
                {
                    foreach (var message in messages) problems.Add(sample.Where, field, message);
                }

                continue;
            }

            var metrics = selection.Effective.Select(m => m.Name).Concat(selection.Skipped.Keys).ToList();
            used.AddRange(metrics);
            samples.Add(new RunSample(sample.SampleId, sample.Request with { Metrics = metrics }) { Label = sample.Label });
        }

        problems.WriteTo(errors);
        if (problems.BadSamples > 0) return null;

        // The run's metrics: those it asked for, else every metric some sample resolved to, in catalog order.
        var runMetrics = settings.Metrics ?? [.. catalog.Definitions.Select(d => d.Name).Where(used.Contains),
            .. (settings.Rubrics ?? []).Select(r => r.Name).Where(used.Contains).Where(n => !catalog.IsKnown(n))];
        var thresholds = WithRubricThresholds(settings, runMetrics, samples, catalog);
        foreach (var name in settings.Thresholds.Keys)
        {
            if (name != RunTally.WeightedScore && !runMetrics.Contains(name))
            {
                errors.Add($"thresholds.{name}", $"is not a metric of this run; thresholds may name {string.Join(", ", runMetrics.Append(RunTally.WeightedScore))}");
            }
        }

        // Batch replies reach the jobs through the judge response cache, which a run without it would bypass.
        if (settings.Mode == RunMode.Batch && !settings.Cache)
        {
            errors.Add("mode", "batch works through the judge response cache: it cannot be combined with cache false");
        }

        if (!errors.IsEmpty) return null;
        var manifest = new RunManifest
        {
            RunId = "",
            CreatedAt = default,
            Name = settings.Name,
            Samples = samples.Count,
            LabelledSamples = samples.Count(s => s.Label is not null),
            Metrics = runMetrics,
            Weights = settings.Weights,
            Thresholds = thresholds,
            JudgeModel = settings.JudgeModel,
            EmbeddingModel = settings.EmbeddingModel,
            Metadata = settings.Metadata,
            Mode = settings.Mode == RunMode.Batch ? "batch" : "live",
            Cache = settings.Cache,
            Repeats = settings.Repeats ?? 1,
            MinCoverage = settings.MinCoverage ?? ScoreJobsOptions.DefaultMinCoverage,
            Callback = settings.CallbackUrl is { } url ? new CallbackState { Url = url, Status = CallbackStatus.Pending, WebhookId = "" } : null,
        };
        return new PreparedRun(manifest, samples);
    }

    /// <summary>The run's thresholds, plus each of its rubrics' own threshold where the run sets none for it.</summary>
    private static IReadOnlyDictionary<string, double> WithRubricThresholds(
        RunSettings settings, IReadOnlyList<string> runMetrics, List<RunSample> samples, MetricCatalog catalog)
    {
        var probe = samples.Count > 0 ? samples[0].Request : null;
        var added = new Dictionary<string, double>(settings.Thresholds, StringComparer.Ordinal);
        foreach (var name in runMetrics)
        {
            if (!added.ContainsKey(name) && probe is not null && catalog.RubricFor(name, probe) is { Threshold: { } threshold }) added[name] = threshold;
        }

        return added.Count == settings.Thresholds.Count ? settings.Thresholds : added;
    }
}
