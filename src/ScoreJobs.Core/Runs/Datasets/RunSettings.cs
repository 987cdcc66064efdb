using System.Collections.ObjectModel;

namespace ScoreJobs.Runs.Datasets;

/// <summary>What a run carries besides its samples: from the JSON body, or from the query string for JSONL and CSV.</summary>
internal sealed record RunSettings
{
    public string? Name { get; init; }

    /// <summary>Metric names for every sample, or null for the default set.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }
    public IReadOnlyDictionary<string, double>? Weights { get; init; }

    /// <summary>Metric (or <c>weighted_score</c>) to the mean the run must reach, each in [0,1]. Names are checked against the catalog by the caller.</summary>
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = ReadOnlyDictionary<string, double>.Empty;
    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }

    /// <summary>The run's tags, also given to every sample (a sample's own tag of the same name wins).</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Where the run's summary is POSTed when it ends; samples carry none.</summary>
    public string? CallbackUrl { get; init; }
    public RunMode Mode { get; init; } = RunMode.Live;
    public bool Cache { get; init; } = true;

    /// <summary>How many times each judge metric is asked of every sample (1-5), or null for once.</summary>
    public int? Repeats { get; init; }

    /// <summary>Rubrics defined for the run, given to every sample (JSON body only).</summary>
    public IReadOnlyList<Rubrics.RubricDefinition>? Rubrics { get; init; }

    /// <summary>The run's <c>min_coverage</c> (a share in [0,1]), or null for the server's <c>ScoreJobs__Runs__MinCoverage</c>.</summary>
    public double? MinCoverage { get; init; }
}
