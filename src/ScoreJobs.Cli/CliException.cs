namespace ScoreJobs.Cli;

/// <summary>Ends a command with a sentence for the user (never a stack trace) and an exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Error) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
