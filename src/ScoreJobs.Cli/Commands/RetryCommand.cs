namespace ScoreJobs.Cli.Commands;

internal sealed class RetryCommand(CliEnvironment environment)
    : RunActionCommand(environment, "retry", "retry accepted; samples whose job failed or has a failed metric are scored again");
