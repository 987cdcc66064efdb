using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScoreJobs.Callbacks;
using ScoreJobs.Jobs;
using ScoreJobs.Queues;
using ScoreJobs.Storage;
using ScoreJobs.Index;
using ScoreJobs.Runs;

namespace ScoreJobs.Fakes;

/// <summary>The real callback runner over a store and queue, with the real sender and its guarded client (callbacks off unless settings say otherwise).</summary>
internal static class TestCallbacks
{
    public static CallbackRunner Runner(IJobStore store, IJobQueue queue, TimeProvider? time = null, Dictionary<string, string?>? settings = null) =>
        new(store, queue, Sender(time, settings), time ?? TimeProvider.System, TestLogger.For<CallbackRunner>());

    /// <summary>The real run callback runner over a run store, index and (live) queue, with the real sender.</summary>
    public static RunCallbackRunner RunRunner(IRunStore runs, IJobIndex index, IJobQueue queue, TimeProvider? time = null, Dictionary<string, string?>? settings = null) =>
        new(runs, index, queue, Sender(time, settings), time ?? TimeProvider.System, TestLogger.For<RunCallbackRunner>());

    private static CallbackSender Sender(TimeProvider? time, Dictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton(time ?? TimeProvider.System)
            .AddScoreJobsCallbacks(configuration)
            .BuildServiceProvider()
            .GetRequiredService<CallbackSender>();
    }
}
