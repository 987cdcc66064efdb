using ScoreJobs.Deletion;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Runs;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Fakes;

/// <summary>The real run message handler over a store, index and queue, with runs kept in a folder of their own.</summary>
internal static class TestRuns
{
    public static LocalFolderRunStore Store() => new(TestOptions.Create());

    public static RunMessageHandler MessageHandler(IJobStore jobs, IJobIndex index, MetricCatalog catalog, IJobQueue queue, IRunStore? runs = null)
    {
        runs ??= Store();
        var options = TestOptions.Create();
        var deleter = new JobDeleter(jobs, new LocalFolderLabelStore(options), new LocalFolderJudgeUsageLog(options));
        return new(runs, jobs, index, catalog, queue, TestCallbacks.RunRunner(runs, index, queue), deleter, TimeProvider.System, TestLogger.For<RunMessageHandler>());
    }
}
