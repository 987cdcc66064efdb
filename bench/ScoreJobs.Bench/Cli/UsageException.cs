namespace ScoreJobs.Bench.Cli;

/// <summary>The command line asked for something this program does not do; the message says what.</summary>
internal sealed class UsageException(string message) : Exception(message);
