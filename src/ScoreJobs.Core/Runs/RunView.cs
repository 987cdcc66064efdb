using ScoreJobs.Index;
using ScoreJobs.Judge;
using ScoreJobs.Records;

namespace ScoreJobs.Runs;

/// <summary>Turns a run's manifest and its tally into the <see cref="RunRecord"/> the API returns.</summary>
internal static class RunView
{
    public static RunRecord Of(RunManifest manifest, RunTally tally)
    {
        var cancelled = manifest.CancelledAt is not null;
        // Samples whose jobs the expansion has not created yet: still to come, or never, once cancelled.
        var notCreated = Math.Max(0, manifest.Samples - tally.Total);
        var counts = new RunCounts(
            tally.CountOf(JobStatus.Queued) + (cancelled ? 0 : notCreated),
            tally.CountOf(JobStatus.Running),
            tally.CountOf(JobStatus.Completed),
            tally.CountOf(JobStatus.Failed),
            tally.CountOf(JobStatus.Cancelled) + (cancelled ? notCreated : 0));
        var active = counts.Queued + counts.Running;
        // A run whose samples are lost cannot go on: what never got a job is failed with it.
        if (manifest.Error is not null && notCreated > 0 && !cancelled)
        {
            counts = counts with { Queued = counts.Queued - notCreated, Failed = counts.Failed + notCreated };
            active -= notCreated;
        }

        var status = active > 0 ? (counts.Running + counts.Done > 0 ? RunStatus.Running : RunStatus.Queued)
            : cancelled ? RunStatus.Cancelled
            : counts.Completed == 0 ? RunStatus.Failed
            : RunStatus.Completed;
        var aggregates = Aggregates(manifest, tally);
        var ended = status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
        var misses = ended ? Misses(manifest, aggregates) : [];
        if (ended && status != RunStatus.Completed) misses.Insert(0, $"the run ended {status.ToString().ToLowerInvariant()}");
        return new RunRecord
        {
            RunId = manifest.RunId,
            Name = manifest.Name,
            Status = status,
            CreatedAt = manifest.CreatedAt,
            StartedAt = tally.FirstStartedAt,
            FinishedAt = ended ? tally.LastFinishedAt ?? manifest.CancelledAt ?? manifest.CreatedAt : null,
            Samples = manifest.Samples,
            Counts = counts,
            Metrics = manifest.Metrics,
            Weights = manifest.Weights,
            Thresholds = manifest.Thresholds,
            Aggregates = aggregates,
            Passed = !ended ? null : misses.Count == 0,
            PassedReason = misses.Count == 0 ? null : string.Join("; ", misses),
            MinCoverage = manifest.MinCoverage,
            Usage = new TokenUsage((int)tally.JudgeCalls, tally.PromptTokens, tally.CompletionTokens)
            {
                CacheHits = (int)tally.CacheHits,
                BatchCalls = (int)tally.BatchCalls,
                RedoneCalls = (int)tally.RedoneCalls,
                RedonePromptTokens = tally.RedonePromptTokens,
                RedoneCompletionTokens = tally.RedoneCompletionTokens,
                CutOffCalls = (int)tally.CutOffCalls,
                Currency = tally.Currency,
                Cost = tally.Currency is null || tally.Unpriced > 0 ? null : tally.Cost,
                RedoneCost = tally.Currency is null || tally.Unpriced > 0 || tally.RedoneCalls == 0 ? null : tally.RedoneCost,
            },
            Metadata = manifest.Metadata,
            Error = manifest.Error ?? (status == RunStatus.Failed ? "No sample could be scored; see the run's jobs for why." : null),
            JudgeModel = manifest.JudgeModel,
            EmbeddingModel = manifest.EmbeddingModel,
            Mode = manifest.Mode,
            Batch = manifest.IsBatch ? RunBatchView.Of(manifest.Batch) : null,
            Cache = manifest.Cache,
            Repeats = manifest.Repeats,
            CancelRequested = cancelled,
            Retries = manifest.Retries,
            Callback = manifest.Callback,
        };
    }

    private static Dictionary<string, RunAggregate> Aggregates(RunManifest manifest, RunTally tally)
    {
        var names = manifest.Metrics.Append(RunTally.WeightedScore).Concat(manifest.Thresholds.Keys).Distinct(StringComparer.Ordinal);
        return names.ToDictionary(name => name, name =>
        {
            double? threshold = manifest.Thresholds.TryGetValue(name, out var t) ? t : null;
            var metric = tally.Metrics.GetValueOrDefault(name);
            var skipped = metric?.Skipped ?? 0;
            // Every sample asks for the run's metrics; those without a metric's inputs are not counted against it.
            var asked = manifest.Samples - skipped;
            var aggregate = RunStatistics.Aggregate(metric, threshold);
            return aggregate with
            {
                Failed = metric?.Failed ?? 0,
                Skipped = skipped,
                Flaky = metric?.Flaky ?? 0,
                Coverage = asked > 0 ? Math.Round((double)aggregate.N / asked, 4) : null,
            };
        }, StringComparer.Ordinal);
    }

    /// <summary>Each reason a run that ended does not pass: a threshold missed, or a thresholded metric scored on too few samples.</summary>
    private static List<string> Misses(RunManifest manifest, Dictionary<string, RunAggregate> aggregates)
    {
        var misses = new List<string>();
        foreach (var name in manifest.Thresholds.Keys.Order(StringComparer.Ordinal))
        {
            var a = aggregates[name];
            if (a.Coverage is { } coverage && coverage + 1e-9 < manifest.MinCoverage)
            {
                misses.Add(FormattableString.Invariant(
                    $"{name} scored {a.N} of {manifest.Samples - a.Skipped} samples (coverage {coverage:0.00}, below min_coverage {manifest.MinCoverage:0.00}): {a.Failed} failed"));
            }

            if (a.Passed == false)
            {
                misses.Add(a.Mean is { } mean
                    ? FormattableString.Invariant($"{name} mean {mean:0.000} is below its threshold {a.Threshold:0.###}")
                    : $"{name} has no score to hold against its threshold");
            }
        }

        return misses;
    }
}
