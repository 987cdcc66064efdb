using ScoreJobs.Bench.Benchmarks;
using ScoreJobs.Bench.Cli;
using ScoreJobs.Bench.Faults;

// Benchmarks and the fault harness: every figure the README quotes comes from a command here.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var command = CommandLine.Parse(args);
    return command.Command switch
    {
        "bench" => await BenchCommand.RunAsync(command, args[1..], cancel.Token),
        "faults" => await FaultsCommand.RunAsync(command, cancel.Token),
        "help" or "--help" => Help(0),
        _ => throw new UsageException($"unknown command '{command.Command}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return Help(2);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}

static int Help(int code)
{
    var writer = code == 0 ? Console.Out : Console.Error;
    writer.WriteLine("usage: dotnet run --project bench/ScoreJobs.Bench -c Release --no-build -- <command> [options]");
    writer.WriteLine();
    writer.WriteLine(BenchCommand.Usage);
    writer.WriteLine(FaultsCommand.Usage);
    return code;
}
