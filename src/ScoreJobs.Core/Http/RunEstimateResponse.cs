using System.Text.Json.Serialization;
using ScoreJobs.Estimates;

namespace ScoreJobs.Http;

/// <summary>The 200 body of POST /api/score/runs?dry_run=true: the run as it would be submitted, and what it would spend. Nothing was stored.</summary>
public sealed record RunEstimateResponse(int Samples, IReadOnlyList<string> Metrics, RunEstimate Estimate)
{
    /// <summary>Always true: this is an estimate, not a submitted run.</summary>
    public bool DryRun { get; init; } = true;

    /// <summary>live or batch, as the run would run.</summary>
    public required string Mode { get; init; }

    /// <summary>The judge model the run would use, when it uses one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? JudgeModel { get; init; }

    /// <summary>For a CSV run, the header columns that were read.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ColumnsRead { get; init; }

    /// <summary>For a CSV run, the header columns that were ignored, each with the field it likely meant.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ColumnsIgnored { get; init; }
}
