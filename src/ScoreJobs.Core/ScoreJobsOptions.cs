using System.ComponentModel.DataAnnotations;

namespace ScoreJobs;

/// <summary>The <c>ScoreJobs</c> configuration section (environment: <c>ScoreJobs__Name</c>).</summary>
public sealed class ScoreJobsOptions
{
    public const string Section = "ScoreJobs";

    public const double DefaultMinCoverage = 0.9;

    /// <summary>Folder for records in embedded mode (no <c>AzureWebJobsStorage</c>).</summary>
    [Required]
    public string JobsDirectory { get; set; } = "outputs/score-jobs";

    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ScoreJobs:Container must be a valid blob container name")]
    public string Container { get; set; } = "score-jobs";

    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ScoreJobs:Queue must be a valid queue name")]
    public string Queue { get; set; } = "score-jobs";

    /// <summary>
    /// The queue of dataset runs' jobs: a lane of its own, so a run of 10,000 samples never stands between a live job and
    /// a worker. Its messages are the same job messages, plus the runs' expansion and retry messages.
    /// </summary>
    [Required, RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "ScoreJobs:RunQueue must be a valid queue name")]
    public string RunQueue { get; set; } = "score-jobs-runs";

    /// <summary>When set, every /api route but health needs <c>Authorization: Bearer</c> this token.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Dataset runs' defaults (<c>ScoreJobs__Runs__MinCoverage</c>).</summary>
    public RunDefaultsOptions Runs { get; set; } = new();

    /// <summary>The share of live calls scored (<c>ScoreJobs__Sampling__Rate</c>, per app <c>ScoreJobs__Sampling__Apps__{app}</c>).</summary>
    public Sampling.SamplingOptions Sampling { get; set; } = new();

    /// <summary>Jobs one worker runs at once.</summary>
    [Range(1, 1024)]
    public int WorkerConcurrency { get; set; } = 32;

    /// <summary>Jobs of dataset runs one worker runs at once, in slots of their own beside <see cref="WorkerConcurrency"/>.</summary>
    [Range(1, 1024)]
    public int RunConcurrency { get; set; } = 32;

    /// <summary>
    /// The self-hosted server's worker gives way to submits slower than this (<see cref="Jobs.WorkerPacing"/>): it starts
    /// fewer jobs until submits are fast again, the runs lane first. 0 turns pacing off. Unset: 25 ms with a local store,
    /// 200 ms in Storage mode. The Functions app has no such worker.
    /// </summary>
    [Range(0, 60_000)]
    public int? WorkerPacingTargetMs { get; set; }

    /// <summary>The largest dataset-run body accepted (POST /api/score/runs), in bytes.</summary>
    [Range(1024, 512 * 1024 * 1024)]
    public int MaxRunRequestBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Run submissions over 8 MiB read and stored at once; more wait (up to two minutes, then 503 with Retry-After). Each
    /// costs about three times its size while it is read, so one keeps four concurrent 64 MiB uploads under 400 MiB.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentLargeRuns { get; set; } = 1;

    /// <summary>The overall deadline of one job's scoring; metrics still running then fail as timeouts.</summary>
    [Range(1, 3600)]
    public int JobTimeoutSeconds { get; set; } = 300;

    /// <summary>Deliveries of one queue message before it is moved to the poison queue and its job marked failed.</summary>
    [Range(1, 100)]
    public int MaxDeliveries { get; set; } = 5;

    /// <summary>
    /// Azure Storage mode: how long a received queue message stays hidden from other workers (renewed while its job
    /// runs). A job whose worker died, or whose result could not be written in a storage outage, runs again this
    /// long after it was received.
    /// </summary>
    [Range(5, 7 * 24 * 3600)]
    public int VisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Days an <c>Idempotency-Key</c> answers with its first job or run (Dify retries within seconds; a week covers a
    /// re-run of a whole workflow). After that the same key makes a new job.
    /// </summary>
    [Range(1, 3650)]
    public int IdempotencyDays { get; set; } = 7;

    /// <summary>
    /// Records, runs and labels older than this many days are deleted by a daily sweep (<c>ScoreJobs__RetentionDays</c>);
    /// null keeps everything.
    /// </summary>
    [Range(1, 36500)]
    public int? RetentionDays { get; set; }

    /// <summary>The largest request body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 1024 * 1024;
}
