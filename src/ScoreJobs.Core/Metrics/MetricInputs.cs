namespace ScoreJobs.Metrics;

/// <summary>The request inputs a metric needs before it can be scored.</summary>
[Flags]
public enum MetricInputs
{
    None = 0,
    Question = 1,
    Answer = 2,
    Contexts = 4,
    GroundTruth = 8,
}
