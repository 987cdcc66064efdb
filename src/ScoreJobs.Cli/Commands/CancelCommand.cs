namespace ScoreJobs.Cli.Commands;

internal sealed class CancelCommand(CliEnvironment environment)
    : RunActionCommand(environment, "cancel", "cancel accepted; samples not started end cancelled");
