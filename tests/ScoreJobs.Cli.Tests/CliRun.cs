namespace ScoreJobs.Cli;

/// <summary>Runs the CLI's entry point in-process with captured stdout and stderr (not terminals) and given variables.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Short waits so a test of an unreachable server or a finished run takes a moment, not a minute.</summary>
    public static WaitTimings QuickTimings { get; } = new()
    {
        FirstPollDelay = TimeSpan.FromMilliseconds(50),
        MaxPollDelay = TimeSpan.FromMilliseconds(200),
        TransientRetries = 2,
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(30),
        ProgressLineInterval = TimeSpan.Zero,
    };

    public static async Task<CliRun> StartAsync(params string[] args) => await StartAsync(args, new Dictionary<string, string?>());

    public static async Task<CliRun> StartAsync(string[] args, Dictionary<string, string?> variables, TimeProvider? time = null,
        CancellationToken interrupt = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment(stdout, stderr, OutIsTerminal: false, ErrorIsTerminal: false,
            name => variables.GetValueOrDefault(name), time ?? TimeProvider.System) { Timings = QuickTimings };
        var exitCode = await ScoreJobsCli.RunAsync(args, environment, interrupt);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
