using ScoreJobs.Callbacks;
using System.Text.Json.Serialization;

namespace ScoreJobs.Records;

/// <summary>
/// What is stored of a dataset run (<c>runs/{run_id}.json</c>): what was submitted, how its samples are kept, and the
/// requests made of it since (cancel, retry). Progress and aggregates are not here: the job index keeps them as the
/// run's jobs change (the run tally), so this document is written only on submit, cancel and retry, and for a batch-mode run as its batches progress.
/// </summary>
public sealed record RunManifest
{
    /// <summary>
    /// Samples per stored chunk (<c>runs/{run_id}/samples-00000.jsonl</c>), and per expansion message: short work, so
    /// a worker killed mid-expansion costs one chunk's redelivery.
    /// </summary>
    public const int ChunkSize = 100;

    public required string RunId { get; init; }
    public string? Name { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>How many samples the run has.</summary>
    public required int Samples { get; init; }

    /// <summary>How many of them carry the dataset's own label: the run's record then gives its agreement with people.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int LabelledSamples { get; init; }

    /// <summary>The metrics the run scores (asked for, or the default set its samples resolved to).</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    public IReadOnlyDictionary<string, double> Thresholds { get; init; } = new Dictionary<string, double>();
    public string? JudgeModel { get; init; }
    public string? EmbeddingModel { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary><c>live</c> or <c>batch</c>.</summary>
    public string Mode { get; init; } = "live";
    public bool Cache { get; init; } = true;

    /// <summary>How many times each judge metric is asked of every sample (<c>"repeats"</c>, 1-5).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>The share of its samples a thresholded metric must score for the run to pass (the run's, else the server's).</summary>
    public double MinCoverage { get; init; } = ScoreJobsOptions.DefaultMinCoverage;

    /// <summary>The callback asked for: a signed POST of the run's summary when it ends, and every attempt so far.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CallbackState? Callback { get; init; }

    /// <summary>When a cancel was asked for: samples not started by then end <c>cancelled</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? CancelledAt { get; init; }

    /// <summary>When its deletion was asked for: from then on the run is not found, while its jobs are deleted on the runs lane.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>How many times a retry was asked for.</summary>
    public int Retries { get; init; }

    /// <summary>Why the run could not go on (its stored samples were lost, say); null while all is well.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    /// <summary>A batch-mode run's batches and where its batch phase stands; null before its first batch, and for a live run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunBatch? Batch { get; init; }

    /// <summary>True for a run whose judge calls go through the Batch API.</summary>
    [JsonIgnore]
    public bool IsBatch => Mode == "batch";

    /// <summary>The number of stored sample chunks.</summary>
    [JsonIgnore]
    public int Chunks => (Samples + ChunkSize - 1) / ChunkSize;
}
