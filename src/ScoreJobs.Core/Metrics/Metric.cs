using ScoreJobs.Requests;

namespace ScoreJobs.Metrics;

/// <summary>
/// A scoring strategy. Implementations never throw for a bad reply or a failed call: they return
/// <see cref="MetricResult.Failed"/>. Exceptions are reserved for cancellation.
/// </summary>
public abstract class Metric
{
    public abstract MetricDefinition Definition { get; }

    public string Name => Definition.Name;

    /// <summary>
    /// Scores one request whose needed inputs are known to be present. A per-request
    /// <see cref="ScoreRequest.JudgeModel"/> overrides the configured model.
    /// </summary>
    public abstract ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken);
}
