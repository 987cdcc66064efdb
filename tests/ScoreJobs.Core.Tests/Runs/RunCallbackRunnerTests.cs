using System.Security.Cryptography;
using ScoreJobs.Callbacks;
using ScoreJobs.Fakes;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Testing;

namespace ScoreJobs.Runs;

/// <summary>
/// The run callback runner on its own: a run's jobs are ended by writing their records (so no other runner takes part),
/// the callback goes over real HTTP to a local receiver, and the runner's clock and live lane are the harness's fake clock and a queue of its own.
/// </summary>
public sealed class RunCallbackRunnerTests : IDisposable
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly JobsHarness _harness = new(new FixedMetric("good", MetricInputs.Answer, _ => MetricResult.Ok(0.75, "fine")));
    private readonly InProcessJobQueue _live;

    public RunCallbackRunnerTests() => _live = new InProcessJobQueue(_harness.Clock, TestLogger.For<InProcessJobQueue>());

    public void Dispose() => _harness.Dispose();

    private RunCallbackRunner CreateSut() => TestCallbacks.RunRunner(_harness.Runs, _harness.Index, _live, _harness.Clock, new()
    {
        ["ScoreJobs:Callbacks:Secret"] = Secret,
        ["ScoreJobs:Callbacks:AllowedHosts"] = "127.0.0.1",
    });

    /// <summary>A run of two samples with a callback owed, expanded into its jobs; <paramref name="ended"/> writes both jobs completed.</summary>
    private async Task<string> CreateRunAsync(bool ended, string url = "http://127.0.0.1:9/hook")
    {
        var now = _harness.Clock.GetUtcNow();
        var runId = JobId.New(now);
        var manifest = new RunManifest
        {
            RunId = runId, CreatedAt = now, Samples = 2, Metrics = ["good"],
            Callback = new CallbackState { Url = url, Status = CallbackStatus.Pending, WebhookId = "msg_" + runId },
        };
        IReadOnlyList<RunSample> samples = [.. Enumerable.Range(1, 2).Select(i => new RunSample($"s{i}", new ScoreRequest { Question = $"q{i}", Answer = "a", Metrics = ["good"] }))];
        Assert.True(await _harness.Runs.TryCreateAsync(manifest, [samples], CancellationToken.None));
        Assert.True(await _harness.RunMessages.HandleAsync(new JobMessage.ExpandRun(runId, 0), CancellationToken.None));
        if (ended)
        {
            for (var i = 0; i < 2; i++)
            {
                var stored = (await _harness.Store.GetAsync(RunJobId.For(runId, i), CancellationToken.None))!;
                var completed = stored.Record with { Status = JobStatus.Completed, StartedAt = now, FinishedAt = now, Scores = new Dictionary<string, double?> { ["good"] = 0.75 } };
                Assert.NotNull(await _harness.Store.TryReplaceAsync(completed, stored.ETag, CancellationToken.None));
            }
        }

        return runId;
    }

    private async Task<CallbackState> CallbackOfAsync(string runId) => (await _harness.Runs.GetAsync(runId, CancellationToken.None))!.Manifest.Callback!;

    private async Task<List<JobMessage>> TakeQueuedAsync()
    {
        var messages = new List<JobMessage>();
        while (_live.Count > 0) messages.AddRange((await _live.ReceiveAsync(16, CancellationToken.None)).Select(d => d.Message!));
        return messages;
    }

    [Fact]
    public async Task RunMayHaveEndedAsync_JobsStillQueued_QueuesNothing()
    {
        var runId = await CreateRunAsync(ended: false);

        await CreateSut().RunMayHaveEndedAsync(runId, CancellationToken.None);

        Assert.Empty(await TakeQueuedAsync());
        Assert.Null((await CallbackOfAsync(runId)).NextAttemptAt);
    }

    [Fact]
    public async Task RunMayHaveEndedAsync_TwoEndingJobsAsk_FirstAttemptNotedAndQueuedOnce()
    {
        var runId = await CreateRunAsync(ended: true);
        var sut = CreateSut();

        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);
        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);

        var queued = Assert.Single(await TakeQueuedAsync());
        Assert.Equal(new JobMessage.RunCallback(runId, 1), queued);
        // Noted at the runner's clock's now (the manifest keeps milliseconds).
        Assert.Equal(_harness.Clock.GetUtcNow().ToUnixTimeMilliseconds(), (await CallbackOfAsync(runId)).NextAttemptAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task RunMayHaveEndedAsync_NoteOlderThanTheGrace_QueuesTheAttemptAgain()
    {
        var runId = await CreateRunAsync(ended: true);
        var sut = CreateSut();
        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);
        Assert.Single(await TakeQueuedAsync());

        _harness.Clock.Advance(RunCallbackRunner.QueuedGrace - TimeSpan.FromSeconds(1));
        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);
        Assert.Empty(await TakeQueuedAsync());

        _harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);
        Assert.Single(await TakeQueuedAsync());
    }

    [Fact]
    public async Task RecoverAsync_AttemptNotedMomentsAgo_QueuesItAgainAtOnce()
    {
        var runId = await CreateRunAsync(ended: true);
        var sut = CreateSut();
        await sut.RunMayHaveEndedAsync(runId, CancellationToken.None);
        await TakeQueuedAsync();

        await sut.RecoverAsync(runId, CancellationToken.None);

        var queued = Assert.Single(await TakeQueuedAsync());
        Assert.Equal(new JobMessage.RunCallback(runId, 1), queued);
    }

    [Fact]
    public async Task DeliverAsync_NoSuchRun_IsFalse()
    {
        Assert.False(await CreateSut().DeliverAsync(JobId.New(_harness.Clock.GetUtcNow()), 1, CancellationToken.None));
    }

    [Fact]
    public async Task DeliverAsync_ReceiverAccepts_SendsTheRunOnceAndRecordsItDelivered()
    {
        await using var receiver = await CallbackReceiver.StartAsync(200);
        var runId = await CreateRunAsync(ended: true, receiver.Url);
        var sut = CreateSut();

        Assert.True(await sut.DeliverAsync(runId, 1, CancellationToken.None));
        Assert.True(await sut.DeliverAsync(runId, 1, CancellationToken.None));

        var received = Assert.Single(receiver.Received);
        Assert.Equal("msg_" + runId, received.Headers["webhook-id"].ToString());
        Assert.Contains(runId, received.Body, StringComparison.Ordinal);
        var callback = await CallbackOfAsync(runId);
        Assert.Equal(CallbackStatus.Delivered, callback.Status);
        Assert.Equal(200, Assert.Single(callback.Attempts).StatusCode);
        Assert.Empty(await TakeQueuedAsync());
    }

    [Fact]
    public async Task DeliverAsync_RunNotEnded_SendsNothing()
    {
        await using var receiver = await CallbackReceiver.StartAsync(200);
        var runId = await CreateRunAsync(ended: false, receiver.Url);

        Assert.True(await CreateSut().DeliverAsync(runId, 1, CancellationToken.None));

        Assert.Empty(receiver.Received);
        Assert.Empty((await CallbackOfAsync(runId)).Attempts);
    }

    [Fact]
    public async Task DeliverAsync_ReceiverFails_RecordsTheAttemptAndQueuesTheNextWhenTheClockReachesIt()
    {
        await using var receiver = await CallbackReceiver.StartAsync(500);
        var runId = await CreateRunAsync(ended: true, receiver.Url);
        var sent = _harness.Clock.GetUtcNow();

        Assert.True(await CreateSut().DeliverAsync(runId, 1, CancellationToken.None));

        var callback = await CallbackOfAsync(runId);
        Assert.Equal(CallbackStatus.Pending, callback.Status);
        Assert.Equal(500, Assert.Single(callback.Attempts).StatusCode);
        // The first retry waits 30 s, jittered by at most a fifth either way.
        Assert.InRange(callback.NextAttemptAt!.Value - sent, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        Assert.Equal(0, _live.Count);
        _harness.Clock.Advance(TimeSpan.FromSeconds(37));
        await Poll.UntilAsync(() => _live.Count > 0, "the second attempt's message");
        var next = Assert.Single(await TakeQueuedAsync());
        Assert.Equal(new JobMessage.RunCallback(runId, 2), next);
    }
}
