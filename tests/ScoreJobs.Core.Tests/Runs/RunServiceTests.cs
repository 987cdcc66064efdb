using ScoreJobs.Fakes;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Runs;

/// <summary>Runs over the real service, runner, handler, local store, SQLite index and in-process lanes, driven message by message.</summary>
public sealed class RunServiceTests : IDisposable
{
    private readonly FixedMetric _good = new("good", MetricInputs.Answer, _ => MetricResult.Ok(0.75, "fine"));
    private readonly HashSet<string> _flaky = [];
    private readonly FixedMetric _shaky;
    private readonly JobsHarness _harness;
    private readonly JobDeliveryHandler _handler;

    public RunServiceTests()
    {
        _shaky = new FixedMetric("shaky", MetricInputs.Answer, r => _flaky.Contains(r.Question)
            ? MetricResult.Failed(MetricErrorKind.ModelError, "the judge was down")
            : MetricResult.Ok(0.25, "ok"));
        _harness = new JobsHarness(_good, _shaky);
        _handler = new JobDeliveryHandler(_harness.JobScorer, TestCallbacks.Runner(_harness.Store, _harness.Queue), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());
    }

    public void Dispose() => _harness.Dispose();

    private static PreparedRun Prepared(int samples, params string[] metrics) => new(
        new RunManifest { RunId = "", CreatedAt = default, Samples = samples, Metrics = metrics, Thresholds = new Dictionary<string, double> { ["good"] = 0.7 } },
        [.. Enumerable.Range(1, samples).Select(i => new RunSample(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new ScoreRequest { Question = "q" + i, Answer = "a", Metrics = metrics }))]);

    private async Task<string> SubmitAsync(int samples, params string[] metrics)
    {
        var result = await _harness.RunService.SubmitAsync(Prepared(samples, metrics), null, "hash", CancellationToken.None);
        return result.Run!.RunId;
    }

    // Receives and handles up to max messages of the runs lane, as a worker would; returns how many.
    private async Task<int> DrainAsync(int max = int.MaxValue)
    {
        var handled = 0;
        while (handled < max && _harness.RunQueue.Count > 0)
        {
            foreach (var delivery in await _harness.RunQueue.ReceiveAsync(Math.Min(32, max - handled), CancellationToken.None))
            {
                var verdict = await _handler.HandleAsync(delivery.Message, delivery.RawText, delivery.DequeueCount, CancellationToken.None);
                Assert.Equal(DeliveryAction.Complete, verdict.Action);
                handled++;
            }
        }

        return handled;
    }

    private Task<RunRecord?> RunAsync(string runId) => _harness.RunService.GetAsync(runId, CancellationToken.None);

    [Fact]
    public async Task Submit_1001Samples_AnswersBeforeAnyJobExists_ThenExpandsInChunksIntoOneJobPerSample()
    {
        var runId = await SubmitAsync(1001, "good");

        Assert.Empty(_harness.Records.ListItemsAsync(null, 10, CancellationToken.None).ToBlockingEnumerable());
        Assert.Equal(RunStatus.Queued, (await RunAsync(runId))!.Status);
        Assert.Equal(1001, (await RunAsync(runId))!.Counts.Queued);

        await DrainAsync();

        var run = (await RunAsync(runId))!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1001, run.Counts.Completed);
        Assert.Equal(1001, run.Aggregates["good"].N);
        Assert.True(run.Passed);
        Assert.Equal(1001, _good.Calls);
    }

    [Fact]
    public async Task Expansion_DeliveredTwice_CreatesEachJobOnce_AndCountsEachSampleOnce()
    {
        var runId = await SubmitAsync(700, "good");
        var expansion = new JobMessage.ExpandRun(runId, 0);
        await _harness.RunMessages.HandleAsync(expansion, CancellationToken.None);
        await _harness.RunMessages.HandleAsync(expansion, CancellationToken.None); // a redelivery after a crash

        await DrainAsync();

        var run = (await RunAsync(runId))!;
        Assert.Equal(700, run.Counts.Completed);
        Assert.Equal(700, run.Counts.Done);
        Assert.Equal(700, _harness.Records.ListItemsAsync(null, 1000, CancellationToken.None).ToBlockingEnumerable().Count());
    }

    [Fact]
    public async Task Expansion_RedeliveredAfterTheNextChunkBegan_DoesNotQueueTheNextChunkAgain()
    {
        var runId = await SubmitAsync(250, "good");
        await DrainAsync(max: 1); // chunk 1 of 3: its 100 jobs, and chunk 2's message first
        await DrainAsync(max: 1); // chunk 2: its 100 jobs and chunk 3's message
        var before = _harness.RunQueue.Count;

        await _harness.RunMessages.HandleAsync(new JobMessage.ExpandRun(runId, 0), CancellationToken.None); // chunk 1 again, after a kill

        // Chunk 1's jobs are still waiting (this queue keeps one message a job); chunk 2's message is not queued again, so
        // no second chain of expansions starts. (Storage queues keep duplicates: there each kill used to add a chain.)
        Assert.Equal(before, _harness.RunQueue.Count);
        await DrainAsync();
        var run = (await RunAsync(runId))!;
        Assert.Equal(250, run.Counts.Completed);
        Assert.Equal(250, _good.Calls);
    }

    [Fact]
    public async Task Cancel_SamplesNotStartedEndCancelled_StartedOnesFinish()
    {
        var runId = await SubmitAsync(20, "good");
        await DrainAsync(max: 1); // the expansion: 20 jobs queued
        await DrainAsync(max: 5); // five of them scored

        var cancelling = (await _harness.RunService.CancelAsync(runId, CancellationToken.None))!;
        Assert.True(cancelling.CancelRequested);
        Assert.Equal(RunStatus.Running, cancelling.Status);
        await DrainAsync();

        var run = (await RunAsync(runId))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(new RunCounts(0, 0, 5, 0, 15), run.Counts);
        Assert.Equal(5, _good.Calls);
        Assert.False(run.Passed);
    }

    [Fact]
    public async Task Retry_RescoresOnlyTheFailedMetrics_KeepsTheRest_AndResumesACancelledRun()
    {
        _flaky.UnionWith(["q2", "q3"]);
        var runId = await SubmitAsync(4, "good", "shaky");
        await DrainAsync();
        var first = (await RunAsync(runId))!;
        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(2, first.Aggregates["shaky"].N);
        Assert.Equal(4, _good.Calls);

        _flaky.Clear();
        await _harness.RunService.RetryAsync(runId, CancellationToken.None);
        await DrainAsync();

        var retried = (await RunAsync(runId))!;
        Assert.Equal(4, retried.Counts.Completed);
        Assert.Equal(4, retried.Aggregates["shaky"].N);
        Assert.Equal(4, retried.Aggregates["good"].N);
        Assert.Equal(1, retried.Retries);
        Assert.Equal(4, _good.Calls); // the metric that had scored was not called again
        Assert.Equal(6, _shaky.Calls);
        var job = (await _harness.Service.GetAsync(RunJobId.For(runId, 1), CancellationToken.None))!;
        Assert.Equal(0.25, job.Scores["shaky"]);
        Assert.Equal(0.75, job.Scores["good"]);
        Assert.Equal(0.5, job.WeightedScore);
        Assert.Null(job.RetryMetrics);
    }

    [Fact]
    public async Task Retry_AfterCancel_RunsWhatTheCancelLeft()
    {
        var runId = await SubmitAsync(6, "good");
        await _harness.RunService.CancelAsync(runId, CancellationToken.None);
        await DrainAsync();
        Assert.Equal(RunStatus.Cancelled, (await RunAsync(runId))!.Status);

        await _harness.RunService.RetryAsync(runId, CancellationToken.None);
        await DrainAsync();

        var run = (await RunAsync(runId))!;
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(6, run.Counts.Completed);
    }

    [Fact]
    public async Task Cancel_RunAlreadyEnded_LeavesItAsItWas()
    {
        var runId = await SubmitAsync(3, "good");
        await DrainAsync();

        var afterCancel = (await _harness.RunService.CancelAsync(runId, CancellationToken.None))!;

        Assert.Equal(RunStatus.Completed, afterCancel.Status);
        Assert.False(afterCancel.CancelRequested);
        Assert.True((await RunAsync(runId))!.Passed);
    }

    [Fact]
    public async Task Cancel_RunWithACallbackAndNothingStarted_EndsIt_AndQueuesTheRunsFirstCallbackAttemptOnTheLiveLane()
    {
        var prepared = Prepared(3, "good");
        prepared = prepared with
        {
            Manifest = prepared.Manifest with { Callback = new Callbacks.CallbackState { Url = "https://hooks.example/runs", Status = Callbacks.CallbackStatus.Pending, WebhookId = "" } },
        };
        var runId = (await _harness.RunService.SubmitAsync(prepared, null, "hash", CancellationToken.None)).Run!.RunId;

        var cancelled = (await _harness.RunService.CancelAsync(runId, CancellationToken.None))!;

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal("msg_" + runId, cancelled.Callback!.WebhookId);
        var delivery = Assert.Single(await _harness.Queue.ReceiveAsync(10, CancellationToken.None));
        Assert.Equal(new JobMessage.RunCallback(runId, 1), delivery.Message);
    }

    [Fact]
    public async Task RunMayHaveEnded_ManyJobEndsAtOnce_QueueTheFirstCallbackAttemptOnce()
    {
        var prepared = Prepared(4, "good");
        prepared = prepared with
        {
            Manifest = prepared.Manifest with { Callback = new Callbacks.CallbackState { Url = "https://hooks.example/runs", Status = Callbacks.CallbackStatus.Pending, WebhookId = "" } },
        };
        var runId = (await _harness.RunService.SubmitAsync(prepared, null, "hash", CancellationToken.None)).Run!.RunId;
        await DrainAsync();
        // As if the run's last jobs had just ended and none had asked yet (the drain's own job ends already asked).
        var stored = (await _harness.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.NotNull(await _harness.Runs.TryReplaceAsync(stored.Manifest with { Callback = stored.Manifest.Callback! with { NextAttemptAt = null } }, stored.ETag, CancellationToken.None));
        var queue = new ScriptedJobQueue();
        var callbacks = TestCallbacks.RunRunner(_harness.Runs, _harness.Index, queue);

        // The last jobs of a run end together: each asks whether the run has ended.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => callbacks.RunMayHaveEndedAsync(runId, CancellationToken.None))));

        var queued = new List<JobMessage?>();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            try
            {
                while (true) queued.AddRange((await queue.ReceiveAsync(10, timeout.Token)).Select(d => d.Message));
            }
            catch (OperationCanceledException)
            {
            }
        }

        Assert.Equal([new JobMessage.RunCallback(runId, 1)], queued);
        Assert.NotNull((await _harness.Runs.GetAsync(runId, CancellationToken.None))!.Manifest.Callback!.NextAttemptAt);
    }
}
