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
            Passed = !ended ? null : status == RunStatus.Completed && aggregates.Values.All(a => a.Passed != false),
            Usage = new TokenUsage((int)tally.JudgeCalls, tally.PromptTokens, tally.CompletionTokens)
            {
                CacheHits = (int)tally.CacheHits,
                BatchCalls = (int)tally.BatchCalls,
                RedoneCalls = (int)tally.RedoneCalls,
                RedonePromptTokens = tally.RedonePromptTokens,
                RedoneCompletionTokens = tally.RedoneCompletionTokens,
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
            return RunStatistics.Aggregate(tally.Metrics.GetValueOrDefault(name), threshold);
        }, StringComparer.Ordinal);
    }
}
