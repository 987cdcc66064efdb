using ScoreJobs.Budget;
using ScoreJobs.Deletion;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Index;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Jobs;
using ScoreJobs.Judge;
using ScoreJobs.Judge.Batch;
using ScoreJobs.Judge.Caching;
using ScoreJobs.Judge.Pricing;
using ScoreJobs.Metrics;
using ScoreJobs.Metrics.Judged;
using ScoreJobs.Queues;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Records;
using ScoreJobs.Runs;
using ScoreJobs.Scoring;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Local;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Fakes;

/// <summary>
/// A whole embedded-mode process for dataset runs with the real judge against the fake server: store, SQLite index,
/// run store, response cache in the jobs folder, the six judge metrics, runner, run service and handler with the batch
/// driver. The runs lane waits on a fake clock, so batch polls cost no real time. A second harness over the same folder
/// is the process after a restart. The daily judge budget counts in the jobs folder on the fake clock; unset until a
/// test sets <see cref="JudgeOptions.DailyBudget"/> on <see cref="JudgeSettings"/>.
/// </summary>
internal sealed class BatchRunHarness : IDisposable
{
    public const decimal InputPerMillion = 2.5m;
    public const decimal OutputPerMillion = 10m;

    private readonly bool _keepFolder;
    private readonly Scorer _scorer;
    private readonly RunCallbackRunner _runCallbacks;

    /// <param name="usageLog">Wraps the usage log the runner writes to (a test's faulty one); the real one stays <see cref="UsageLog"/>.</param>
    /// <param name="embeddingModel">The judge's embedding model; without one, the metrics that can embed rate instead.</param>
    /// <param name="offlineMetric">Adds exact_match beside the judge metrics, so a job can be offline-only.</param>
    public BatchRunHarness(
        FakeOpenAIServer server, string? folder = null, bool keepFolder = false, Func<IJudgeUsageLog, IJudgeUsageLog>? usageLog = null, string? embeddingModel = null,
        bool offlineMetric = false)
    {
        _keepFolder = keepFolder;
        var options = TestOptions.Create(o =>
        {
            o.JobTimeoutSeconds = 30;
            if (folder is not null) o.JobsDirectory = folder;
        });
        Folder = options.Value.JobsDirectory;
        var judgeOptions = TestJudge.Options(server);
        judgeOptions.EmbeddingModel = embeddingModel;
        judgeOptions.Prices = [new ModelPrice { Model = TestJudge.Model, InputPerMillion = InputPerMillion, OutputPerMillion = OutputPerMillion, BatchDiscount = 0.5m }];
        var judge = Options.Create(judgeOptions);
        JudgeSettings = new TestOptionsMonitor<JudgeOptions>(judgeOptions);

        Records = new LocalFolderJobStore(options, TestLogger.For<LocalFolderJobStore>());
        Index = new SqliteJobIndex(options, TestLogger.For<SqliteJobIndex>());
        Store = new IndexedJobStore(Records, Index);
        Queue = new InProcessJobQueue(TimeProvider.System, TestLogger.For<InProcessJobQueue>());
        RunQueue = new InProcessJobQueue(Clock, TestLogger.For<InProcessJobQueue>());
        Runs = new LocalFolderRunStore(options);

        var cacheStore = new LocalFolderDistributedCache(Path.Combine(Folder, JudgeCacheServiceCollectionExtensions.FolderName), TimeProvider.System);
        var factory = new JudgeClientFactory(judgeOptions, NullLogger.Instance);
        // As the host wires it: the cache outermost; the factory's HttpClient logs each request that goes out.
        var chat = new JudgeResponseCache(factory.CreateChatClient(), cacheStore, judgeOptions, NullLogger.Instance);
        Judge = new JudgeCaller(chat, factory.CreateEmbeddingGenerator(), judge, TimeProvider.System, NullLogger<JudgeCaller>.Instance);
        var metrics = JudgeMetricSet.Create(Judge, judge, TimeProvider.System, NullLoggerFactory.Instance);
        Catalog = new MetricCatalog(offlineMetric ? [.. metrics, new ScoreJobs.Metrics.Offline.ExactMatchMetric()] : metrics);
        Counters = new LocalFolderDailyCounters(options);
        Budget = new JudgeBudget(Counters, JudgeSettings, Clock, TestLogger.For<JudgeBudget>());
        var scorer = _scorer = new Scorer(options, TimeProvider.System, TestLogger.For<Scorer>());
        var runCallbacks = _runCallbacks = TestCallbacks.RunRunner(Runs, Index, Queue);
        UsageLog = new LocalFolderJudgeUsageLog(options);
        var runner = JobScorer = new JobScorer(Store, Runs, runCallbacks, Queue, Catalog, scorer, ScorerUsageLog = usageLog?.Invoke(UsageLog) ?? UsageLog, TimeProvider.System, TestLogger.For<JobScorer>(), Budget);
        Jobs = new JobService(Store, Index, Queue, TimeProvider.System, TestLogger.For<JobService>());
        RunService = new RunService(Runs, Store, Index, RunQueue, runCallbacks, TimeProvider.System, TestLogger.For<RunService>());
        var batches = new BatchJudge(factory, cacheStore, judge, TimeProvider.System, TestLogger.For<BatchJudge>());
        var driver = new BatchRunDriver(Runs, RunQueue, judge, Clock, TestLogger.For<BatchRunDriver>(), batches, budget: Budget);
        RunMessages = new RunMessageHandler(Runs, Store, Index, Catalog, RunQueue, runCallbacks, new JobDeleter(Store, new LocalFolderLabelStore(options), UsageLog), TimeProvider.System,
            TestLogger.For<RunMessageHandler>()) { Batches = driver };
        Handler = new JobDeliveryHandler(runner, TestCallbacks.Runner(Store, Queue), RunMessages, options, TestLogger.For<JobDeliveryHandler>(), Budget);
        Recovery = new PendingJobRecovery(Index, Queue, RunQueue, Runs, runCallbacks, TimeProvider.System, TestLogger.For<PendingJobRecovery>());
    }

    public string Folder { get; }
    public FakeTimeProvider Clock { get; } = new();
    public LocalFolderJobStore Records { get; }
    public SqliteJobIndex Index { get; }
    public IndexedJobStore Store { get; }
    public InProcessJobQueue Queue { get; }
    public InProcessJobQueue RunQueue { get; }
    public LocalFolderRunStore Runs { get; }
    public JudgeCaller Judge { get; }
    public TestOptionsMonitor<JudgeOptions> JudgeSettings { get; }
    public LocalFolderDailyCounters Counters { get; }
    public JudgeBudget Budget { get; }
    public LocalFolderJudgeUsageLog UsageLog { get; }

    /// <summary>The usage log the runner writes to: <see cref="UsageLog"/>, or the test's wrapper around it.</summary>
    public IJudgeUsageLog ScorerUsageLog { get; }
    public JobScorer JobScorer { get; }
    public JobService Jobs { get; }
    public MetricCatalog Catalog { get; }
    public RunService RunService { get; }
    public RunMessageHandler RunMessages { get; }
    public JobDeliveryHandler Handler { get; }
    public PendingJobRecovery Recovery { get; }

    /// <summary>A runner as another instance over the same storage has: it knows nothing of the jobs this one is scoring.</summary>
    public JobScorer OtherInstanceScorer() =>
        new(Store, Runs, _runCallbacks, Queue, Catalog, _scorer, ScorerUsageLog, TimeProvider.System, TestLogger.For<JobScorer>(), Budget);

    public async Task<string> SubmitAsync(IReadOnlyList<RunSample> samples, string mode, params string[] metrics)
    {
        var manifest = new RunManifest { RunId = "", CreatedAt = default, Samples = samples.Count, Metrics = metrics, Mode = mode };
        var prepared = new PreparedRun(manifest, [.. samples.Select(s => s with { Request = s.Request with { Metrics = metrics } })]);
        var result = await RunService.SubmitAsync(prepared, null, "hash-" + Guid.NewGuid().ToString("N"), CancellationToken.None);
        return result.Run!.RunId;
    }

    public Task<RunRecord?> GetAsync(string runId) => RunService.GetAsync(runId, CancellationToken.None);

    /// <summary>
    /// Handles the runs lane's messages as a worker would until <paramref name="until"/> holds (default: the run ended),
    /// moving the fake clock on whenever only delayed messages (batch polls) are left.
    /// </summary>
    public async Task<RunRecord> DrainAsync(string runId, Func<RunRecord, bool>? until = null)
    {
        until ??= r => r.IsFinished;
        for (var idle = 0; idle < 200; idle++)
        {
            while (RunQueue.Count > 0)
            {
                foreach (var delivery in await RunQueue.ReceiveAsync(16, CancellationToken.None))
                {
                    var verdict = await Handler.HandleAsync(delivery.Message, delivery.RawText, delivery.DequeueCount, CancellationToken.None);
                    Assert.True(verdict.Action == DeliveryAction.Complete, $"{verdict.Action}: {verdict.Reason} {verdict.Error}");
                    if (until((await GetAsync(runId))!)) return (await GetAsync(runId))!;
                }
            }

            var run = (await GetAsync(runId))!;
            if (until(run)) return run;
            Clock.Advance(TimeSpan.FromMinutes(10));
            await Task.Delay(20);
        }

        Assert.Fail($"run {runId} did not get there: {System.Text.Json.JsonSerializer.Serialize((await GetAsync(runId))!)}");
        return null!;
    }

    public static IReadOnlyList<RunSample> Samples(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => new RunSample(i.ToString(System.Globalization.CultureInfo.InvariantCulture), TestJudge.ScoreRequest() with
        {
            Question = $"What is the capital of France? ({i})",
            Answer = $"Paris is the capital of France. It has about {i} million inhabitants.",
        })),
    ];

    public void Dispose()
    {
        Judge.Dispose();
        Counters.Dispose();
        UsageLog.Dispose();
        Store.Dispose();
        Runs.Dispose();
        Records.Dispose();
        Index.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_keepFolder && Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
