using ScoreJobs.Judge;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Scoring;

/// <summary>
/// Runs the selected metrics of one request concurrently, under the job deadline, and adds up the
/// result. Used by the sync endpoint and by the job runner alike.
/// </summary>
public sealed class Scorer(IOptions<ScoreJobsOptions> options, TimeProvider time, ILogger<Scorer> logger)
{
    public async Task<ScoreOutcome> ScoreAsync(ScoreRequest request, MetricSelection selection, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var deadline = TimeSpan.FromSeconds(options.Value.JobTimeoutSeconds);
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadlineSource.Token);

        var scorings = selection.Effective.Select(m => ScoreOneAsync(m, request, deadline, linked.Token, cancellationToken)).ToArray();
        var results = await Task.WhenAll(scorings).ConfigureAwait(false);

        var details = new Dictionary<string, MetricResult>(StringComparer.Ordinal);
        var scores = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (name, result) in results)
        {
            details[name] = result;
            scores[name] = result.Score;
        }

        foreach (var (name, reason) in selection.Skipped)
        {
            details[name] = MetricResult.Skipped(reason);
            scores[name] = null;
        }

        return new ScoreOutcome
        {
            Scores = scores,
            Details = details,
            WeightedScore = WeightedScore.Compute(scores, selection.Weights),
            SkippedMetrics = [.. selection.Skipped.Keys],
            LatencyMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            Usage = results.Select(r => r.Result.Usage ?? TokenUsage.Zero).Aggregate(TokenUsage.Zero, (a, b) => a + b),
            Weights = selection.Weights,
            PromptVersion = PromptVersions(results.Select(r => r.Result)),
        };
    }

    /// <summary>The distinct prompt versions that scored a job, e.g. "faithfulness/v1,overall_quality/v1"; null when no judge ran.</summary>
    private static string? PromptVersions(IEnumerable<MetricResult> results)
    {
        var versions = results.Select(r => r.PromptVersion).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return versions.Count == 0 ? null : string.Join(',', versions);
    }

    private async Task<(string Name, MetricResult Result)> ScoreOneAsync(
        Metric metric, ScoreRequest request, TimeSpan deadline, CancellationToken token, CancellationToken callerToken)
    {
        var started = time.GetTimestamp();
        using var span = JobTelemetry.StartMetric(metric.Name);
        MetricResult result;
        try
        {
            result = await metric.ScoreAsync(request, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            result = MetricResult.Failed(MetricErrorKind.Timeout, $"the job's deadline of {deadline.TotalSeconds:0} s passed before this metric finished");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MetricCrashed(logger, ex, metric.Name);
            result = MetricResult.Failed(MetricErrorKind.Internal, $"the metric failed unexpectedly ({ex.GetType().Name})");
        }

        if (result.LatencyMs == 0)
        {
            result = result with { LatencyMs = (long)time.GetElapsedTime(started).TotalMilliseconds };
        }

        JobTelemetry.MetricEnded(span, metric.Name, result);
        return (metric.Name, result);
    }
}
