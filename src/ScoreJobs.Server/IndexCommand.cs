using ScoreJobs.Health;
using System.Diagnostics;
using ScoreJobs.Hosting;
using ScoreJobs.Index;

namespace ScoreJobs.Server;

/// <summary>
/// <c>ScoreJobs.Server index rebuild</c>: rebuilds the job index from the records with the same settings the server
/// reads (the jobs folder, or <c>AzureWebJobsStorage</c> and the container), then exits. Stop the server first in
/// embedded mode (one process owns the folder); in Storage mode stop the workers too, as it replaces the stats
/// aggregates with the records' sums (docs/job-index.md).
/// </summary>
public static class IndexCommand
{
    public static bool Matches(string[] args) => args is ["index", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not ["index", "rebuild", ..])
        {
            await Console.Error.WriteLineAsync("usage: ScoreJobs.Server index rebuild [--ScoreJobs:JobsDirectory DIR] (settings as for the server)");
            return 2;
        }

        return await HostStartup.RunAsync(async () =>
        {
            var builder = Host.CreateApplicationBuilder(args[2..]);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Services.AddScoreJobs(builder.Configuration);
            using var host = builder.Build();
            var service = host.Services.GetRequiredService<ServiceDescription>();
            var started = Stopwatch.GetTimestamp();
            var count = await host.Services.GetRequiredService<JobIndexRebuilder>().RebuildAsync(CancellationToken.None);
            Console.WriteLine($"index rebuild: {count} records from {service.Storage} {service.Location} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        });
    }
}
