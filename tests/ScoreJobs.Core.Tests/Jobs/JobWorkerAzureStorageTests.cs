using ScoreJobs.Index.Tables;
using ScoreJobs.Records;
using System.Text;
using Azure;
using ScoreJobs.Fakes;
using ScoreJobs.Hosting;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Queues.Azure;
using ScoreJobs.Requests;
using ScoreJobs.Scoring;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Jobs;

/// <summary>
/// The real worker, runner and job service over a real Azurite: competing server instances on one queue,
/// poison after the last delivery, and an Azurite outage mid-run that loses no accepted job.
/// </summary>
public sealed class JobWorkerAzureStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _container = AzuriteFixture.UniqueName("jobs");
    private readonly string _queue = AzuriteFixture.UniqueName("jobs");

    /// <summary>One server instance: its own HTTP client, store, queue, runner and worker, sharing the container and queue.</summary>
    private sealed class Instance : IDisposable
    {
        public required HttpClient HttpClient { get; init; }
        public required BlobJobStore Store { get; init; }
        public required StorageJobQueue Queue { get; init; }
        public required JobService Service { get; init; }
        public required JobWorker Worker { get; init; }
        public required MetricCatalog Catalog { get; init; }

        public async Task<JobRecord> SubmitAsync(string question)
        {
            var request = new ScoreRequest { Question = question, Answer = "a" };
            var selection = Catalog.Select(request, new RequestErrors())!;
            return (await Service.SubmitAsync(request, selection, null, CancellationToken.None)).Job!;
        }

        public void Dispose()
        {
            Worker.Dispose();
            HttpClient.Dispose();
        }
    }

    private Instance CreateSut(IJobStore? storeOverride = null, int maxDeliveries = 5, params Metric[] metrics)
    {
        var options = TestOptions.Create(o =>
        {
            o.JobTimeoutSeconds = 10;
            o.WorkerConcurrency = 4;
            o.MaxDeliveries = maxDeliveries;
        });
        var httpClient = new HttpClient();
        var store = new BlobJobStore(azurite.Settings, _container, httpClient, TestLogger.For<BlobJobStore>());
        var queue = new StorageJobQueue(azurite.Settings, _queue, httpClient, TimeProvider.System, TestLogger.For<StorageJobQueue>(), TimeSpan.FromSeconds(30));
        var catalog = new MetricCatalog(metrics.Length > 0 ? metrics : [new FixedMetric("m", MetricInputs.Answer)]);
        var scorer = new Scorer(options, TimeProvider.System, TestLogger.For<Scorer>());
        var runs = TestRuns.Store();
        var index = new TableJobIndex(azurite.Table(_container), TestLogger.For<TableJobIndex>());
        var runner = new JobScorer(storeOverride ?? store, runs, TestCallbacks.RunRunner(runs, index, queue), queue, catalog, scorer,
            new BlobJudgeUsageLog(azurite.Settings.CreateBlobServiceClient(StorageClients.BlobOptions(httpClient)).GetBlobContainerClient(_container)), TimeProvider.System, TestLogger.For<JobScorer>());
        return new Instance
        {
            HttpClient = httpClient,
            Store = store,
            Queue = queue,
            Catalog = catalog,
            Service = new JobService(store, index, queue, TimeProvider.System, TestLogger.For<JobService>()),
            Worker = new JobWorker(queue, QueueLanes.Live, options.Value.WorkerConcurrency, new JobDeliveryHandler(runner, TestCallbacks.Runner(storeOverride ?? store, queue), TestRuns.MessageHandler(store, index, catalog, queue, runs), options, TestLogger.For<JobDeliveryHandler>()), new WorkerPacing(options, TimeProvider.System, TestLogger.For<WorkerPacing>()), TimeProvider.System, TestLogger.For<JobWorker>()),
        };
    }

    [Fact]
    public async Task Workers_TwoInstancesShareTheQueue_EveryJobCompletedOnce()
    {
        var metric = new FixedMetric("m", MetricInputs.Answer);
        using var first = CreateSut(metrics: metric);
        using var second = CreateSut(metrics: metric);
        var jobs = new List<JobRecord>();
        for (var i = 0; i < 20; i++) jobs.Add(await (i % 2 == 0 ? first : second).SubmitAsync($"question {i}"));

        await first.Worker.StartAsync(CancellationToken.None);
        await second.Worker.StartAsync(CancellationToken.None);
        try
        {
            foreach (var job in jobs) await WaitFinishedAsync(first.Store, job.JobId);
        }
        finally
        {
            await first.Worker.StopAsync(CancellationToken.None);
            await second.Worker.StopAsync(CancellationToken.None);
        }

        foreach (var job in jobs)
        {
            var record = (await first.Store.GetAsync(job.JobId, CancellationToken.None))!.Record;
            Assert.Equal(JobStatus.Completed, record.Status);
            Assert.Equal(1, record.Attempts);
        }

        Assert.Equal(jobs.Count, metric.Calls);
    }

    [Fact]
    public async Task Worker_MessageQueuedByThePreviousVersion_JobScoredAfterTheUpgrade()
    {
        using var instance = CreateSut();
        var request = new ScoreRequest { Question = "queued before the upgrade", Answer = "a" };
        var job = JobRecord.Queued(JobId.New(DateTimeOffset.UtcNow), DateTimeOffset.UtcNow, request, instance.Catalog.Select(request, new RequestErrors())!);
        Assert.True(await instance.Store.TryCreateAsync(job, CancellationToken.None));
        var raw = azurite.RawQueue(_queue);
        await raw.CreateIfNotExistsAsync();
        // Exactly what the previous version queued for a job: no "kind", base64 as the Functions trigger expects.
        await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"job_id":"{{job.JobId}}"}""")));

        await instance.Worker.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(JobStatus.Completed, (await WaitFinishedAsync(instance.Store, job.JobId)).Status);
        }
        finally
        {
            await instance.Worker.StopAsync(CancellationToken.None);
        }

        var poison = azurite.RawQueue($"{_queue}-poison");
        await poison.CreateIfNotExistsAsync();
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Worker_JobFailsOnEveryDelivery_PoisonedAndRecordFailedWithReason()
    {
        using var submitter = CreateSut();
        var job = await submitter.SubmitAsync("doomed");
        var faulty = new FaultyJobStore(submitter.Store);
        using var instance = CreateSut(storeOverride: faulty, maxDeliveries: 2);

        await instance.Worker.StartAsync(CancellationToken.None);
        try
        {
            var record = await WaitFinishedAsync(instance.Store, job.JobId);

            Assert.Equal(JobStatus.Failed, record.Status);
            Assert.Contains("disk full", record.Error, StringComparison.Ordinal);
        }
        finally
        {
            await instance.Worker.StopAsync(CancellationToken.None);
        }

        var message = Assert.Single((await azurite.RawQueue($"{_queue}-poison").ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value);
        Assert.Equal(job.JobId, Assert.IsType<JobMessage.ScoreJob>(JobMessage.FromJson(Convert.FromBase64String(message.MessageText))).JobId);
    }

    [Fact]
    public async Task Worker_AlienAndUnknownMessages_MovedAsideAndWorkGoesOn()
    {
        using var instance = CreateSut();
        var raw = azurite.RawQueue(_queue);
        await raw.CreateIfNotExistsAsync();
        await raw.SendMessageAsync("<not ours>");
        await raw.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(new JobMessage.ScoreJob(JobId.New(DateTimeOffset.UtcNow)).ToJson())));
        var job = await instance.SubmitAsync("real work");

        await instance.Worker.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(JobStatus.Completed, (await WaitFinishedAsync(instance.Store, job.JobId)).Status);
            var poison = azurite.RawQueue($"{_queue}-poison");
            await poison.CreateIfNotExistsAsync();
            await WaitUntilAsync(async () => (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value.Length == 2);
        }
        finally
        {
            await instance.Worker.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Worker_AzuriteStoppedMidRun_RecoversAndLosesNoAcceptedJob()
    {
        using var instance = CreateSut();
        var jobs = new List<JobRecord>();
        for (var i = 0; i < 10; i++) jobs.Add(await instance.SubmitAsync($"before {i}"));

        await instance.Worker.StartAsync(CancellationToken.None);
        try
        {
            await WaitFinishedAsync(instance.Store, jobs[0].JobId);
            await azurite.Azurite.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await azurite.Azurite.StartAgainAsync();
            for (var i = 0; i < 5; i++) jobs.Add(await instance.SubmitAsync($"after {i}"));

            foreach (var job in jobs)
            {
                Assert.Equal(JobStatus.Completed, (await WaitFinishedAsync(instance.Store, job.JobId)).Status);
            }
        }
        finally
        {
            if (!azurite.Azurite.IsRunning) await azurite.Azurite.StartAgainAsync();
            await instance.Worker.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<JobRecord> WaitFinishedAsync(BlobJobStore store, string jobId)
    {
        JobRecord? record = null;
        await WaitUntilAsync(async () =>
        {
            try
            {
                record = (await store.GetAsync(jobId, CancellationToken.None))?.Record;
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException)
            {
                // Azurite is down for a moment.
                return false;
            }

            return record?.IsFinished == true;
        });
        return record!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
