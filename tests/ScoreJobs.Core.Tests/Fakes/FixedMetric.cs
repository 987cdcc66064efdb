using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Fakes;

/// <summary>A metric that returns what it is told to, counts its calls, and can be made to wait or throw.</summary>
internal sealed class FixedMetric(string name, MetricInputs needs, Func<ScoreRequest, MetricResult>? score = null, bool needsJudge = false, double weight = 1.0) : Metric
{
    private int _calls;

    public override MetricDefinition Definition { get; } = new(name, needs, needsJudge, weight, "test metric");

    public int Calls => _calls;

    public TaskCompletionSource? Gate { get; set; }

    public override async ValueTask<MetricResult> ScoreAsync(ScoreRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        return score?.Invoke(request) ?? MetricResult.Ok(0.5, "fixed");
    }
}
