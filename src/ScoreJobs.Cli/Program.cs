namespace ScoreJobs.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var interrupt = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl+C stops the waiting gracefully; a second one ends the process at once.
            if (interrupt.IsCancellationRequested) return;
            e.Cancel = true;
            interrupt.Cancel();
        };
        return await ScoreJobsCli.RunAsync(args, CliEnvironment.FromProcess(), interrupt.Token);
    }
}
