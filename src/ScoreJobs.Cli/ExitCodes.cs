namespace ScoreJobs.Cli;

/// <summary>What a CI step reads from <c>scorejobs</c>: the table in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>The run completed and met every threshold (or had none); any other command did what it was asked.</summary>
    public const int Passed = 0;

    /// <summary>A threshold was missed, or the run ended failed or cancelled.</summary>
    public const int Failed = 1;

    /// <summary>Bad usage, unreadable or invalid input, an unreachable server, a refused key, a timeout.</summary>
    public const int Error = 2;

    /// <summary>The judge's agreement with the run's labelled samples is below a --min-agreement floor, or cannot be computed.</summary>
    public const int Untrusted = 3;

    /// <summary>Ctrl+C while waiting (the shell's convention for SIGINT); the run goes on unless asked to cancel.</summary>
    public const int Interrupted = 130;
}
