using ScoreJobs.Deletion;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Index;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Scoring;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Fakes;

/// <summary>
/// The real job service, runner, local store and in-process queue over a temp folder, with test metrics, all on one
/// fake clock that stands still unless a test moves it (delayed messages wait for it; so does the job timeout).
/// </summary>
internal sealed class JobsHarness : IDisposable
{
    public JobsHarness(params Metric[] metrics)
    {
        var options = TestOptions.Create(o => o.JobTimeoutSeconds = 5);
        Folder = options.Value.JobsDirectory;
        Records = new LocalFolderJobStore(options, TestLogger.For<LocalFolderJobStore>());
        Index = new SqliteJobIndex(options, TestLogger.For<SqliteJobIndex>());
        Store = new IndexedJobStore(Records, Index);
        Queue = new InProcessJobQueue(Clock, TestLogger.For<InProcessJobQueue>());
        Catalog = new MetricCatalog(metrics);
        Scorer = new Scorer(options, Clock, TestLogger.For<Scorer>());
        Service = new JobService(Store, Index, Queue, Clock, TestLogger.For<JobService>());
        Runs = new LocalFolderRunStore(options);
        RunQueue = new InProcessJobQueue(Clock, TestLogger.For<InProcessJobQueue>());
        RunCallbacks = TestCallbacks.RunRunner(Runs, Index, Queue, Clock);
        RunService = new RunService(Runs, Store, Index, RunQueue, RunCallbacks, Clock, TestLogger.For<RunService>());
        UsageLog = new LocalFolderJudgeUsageLog(options);
        Labels = new LocalFolderLabelStore(options);
        RunMessages = new RunMessageHandler(Runs, Store, Index, Catalog, RunQueue, RunCallbacks, new JobDeleter(Store, Labels, UsageLog), Clock, TestLogger.For<RunMessageHandler>());
        JobScorer = new JobScorer(Store, Runs, RunCallbacks, Queue, Catalog, Scorer, UsageLog, Clock, TestLogger.For<JobScorer>());
        Options = options;
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public string Folder { get; }
    public Microsoft.Extensions.Options.IOptions<ScoreJobsOptions> Options { get; }
    public LocalFolderJobStore Records { get; }
    public SqliteJobIndex Index { get; }
    public IndexedJobStore Store { get; }
    public InProcessJobQueue Queue { get; }
    public MetricCatalog Catalog { get; }
    public Scorer Scorer { get; }
    public JobService Service { get; }
    public JobScorer JobScorer { get; }
    public LocalFolderJudgeUsageLog UsageLog { get; }
    public LocalFolderLabelStore Labels { get; }
    public LocalFolderRunStore Runs { get; }
    public InProcessJobQueue RunQueue { get; }
    public RunService RunService { get; }
    public RunMessageHandler RunMessages { get; }
    public RunCallbackRunner RunCallbacks { get; }

    public async Task<JobRecord> SubmitAsync(ScoreRequest request, string? idempotencyKey = null)
    {
        var errors = new RequestErrors();
        var selection = Catalog.Select(request, errors) ?? throw new InvalidOperationException(errors.ToString());
        var result = await Service.SubmitAsync(request, selection, idempotencyKey, CancellationToken.None);
        return result.Job!;
    }

    public void Dispose()
    {
        Store.Dispose();
        Runs.Dispose();
        Labels.Dispose();
        UsageLog.Dispose();
        Records.Dispose();
        Index.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
