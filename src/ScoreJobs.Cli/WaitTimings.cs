namespace ScoreJobs.Cli;

/// <summary>How patiently the CLI polls and retries; tests shorten these.</summary>
internal sealed record WaitTimings
{
    /// <summary>First pause between two polls of a run; it grows by half each poll up to <see cref="MaxPollDelay"/>.</summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of one request after a connection failure, a timeout or a 5xx: about a minute with the delays below.</summary>
    public int TransientRetries { get; init; } = 14;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one GET may take.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the upload of a dataset may take.</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>At most one progress line this often when output is not a terminal.</summary>
    public TimeSpan ProgressLineInterval { get; init; } = TimeSpan.FromSeconds(10);
}
