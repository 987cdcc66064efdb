using ScoreJobs.Fakes;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Runs;

/// <summary>The runs lane's handler on its own, message by message, over the real local stores, SQLite index and in-process queue.</summary>
public sealed class RunMessageHandlerTests : IDisposable
{
    private readonly FixedMetric _good = new("good", MetricInputs.Answer, _ => MetricResult.Ok(0.75, "fine"));
    private readonly JobsHarness _harness;

    public RunMessageHandlerTests() => _harness = new JobsHarness(_good);

    public void Dispose() => _harness.Dispose();

    private RunMessageHandler CreateSut() => _harness.RunMessages;

    private async Task<RunManifest> CreateRunAsync(int samples, int? chunksStored = null, DateTimeOffset? cancelledAt = null)
    {
        var now = _harness.Clock.GetUtcNow();
        var manifest = new RunManifest { RunId = JobId.New(now), CreatedAt = now, Samples = samples, Metrics = ["good"], CancelledAt = cancelledAt };
        var chunks = Enumerable.Range(1, samples)
            .Select(i => new RunSample($"s{i}", new ScoreRequest { Question = $"q{i}", Answer = "a", Metrics = ["good"] }))
            .Chunk(RunManifest.ChunkSize)
            .Take(chunksStored ?? int.MaxValue)
            .Select(chunk => (IReadOnlyList<RunSample>)chunk)
            .ToList();
        Assert.True(await _harness.Runs.TryCreateAsync(manifest, chunks, CancellationToken.None));
        return manifest;
    }

    private async Task<List<JobMessage>> TakeQueuedAsync()
    {
        var messages = new List<JobMessage>();
        while (_harness.RunQueue.Count > 0) messages.AddRange((await _harness.RunQueue.ReceiveAsync(64, CancellationToken.None)).Select(d => d.Message!));
        return messages;
    }

    private async Task<IReadOnlyList<JobListItem>> JobsOfAsync(string runId) =>
        (await _harness.Index.ListAsync(new JobFilter { RunId = runId }, 1000, null, CancellationToken.None)).Jobs;

    [Fact]
    public async Task HandleAsync_NoSuchRun_IsFalseAndQueuesNothing()
    {
        var handled = await CreateSut().HandleAsync(new JobMessage.ExpandRun(JobId.New(_harness.Clock.GetUtcNow()), 0), CancellationToken.None);

        Assert.False(handled);
        Assert.Empty(await TakeQueuedAsync());
    }

    [Fact]
    public async Task HandleAsync_FirstChunk_CreatesAndQueuesItsJobsAndQueuesTheNextChunk()
    {
        var run = await CreateRunAsync(150);

        Assert.True(await CreateSut().HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None));

        var queued = await TakeQueuedAsync();
        var jobs = await JobsOfAsync(run.RunId);
        Assert.Equal(100, jobs.Count);
        Assert.All(jobs, j => Assert.Equal(JobStatus.Queued, j.Status));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => RunJobId.For(run.RunId, i)).Order(StringComparer.Ordinal), queued.OfType<JobMessage.ScoreJob>().Select(m => m.JobId).Order(StringComparer.Ordinal));
        Assert.Equal(new JobMessage.ExpandRun(run.RunId, 1), Assert.Single(queued, m => m is JobMessage.RunMessage));
        var first = (await _harness.Store.GetAsync(RunJobId.For(run.RunId, 0), CancellationToken.None))!.Record;
        Assert.Equal("s1", first.SampleId);
        Assert.Equal(run.RunId, first.RunId);
    }

    [Fact]
    public async Task HandleAsync_ExpansionRedeliveredAfterTheNextChunkBegan_CreatesNothingTwiceAndLeavesTheNextChunkToItsMessage()
    {
        var run = await CreateRunAsync(150);
        var sut = CreateSut();
        await sut.HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None);
        await sut.HandleAsync(new JobMessage.ExpandRun(run.RunId, 1), CancellationToken.None);
        await TakeQueuedAsync();

        await sut.HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None);

        var queued = await TakeQueuedAsync();
        Assert.Equal(150, (await JobsOfAsync(run.RunId)).Count);
        // The first delivery may have died before queuing its jobs: those still queued are queued again, nothing else.
        Assert.Equal(100, queued.Count);
        Assert.All(queued, m => Assert.IsType<JobMessage.ScoreJob>(m));
    }

    [Fact]
    public async Task HandleAsync_ChunkMissing_RecordsWhichSamplesGotNoJob()
    {
        var run = await CreateRunAsync(150, chunksStored: 1);

        Assert.True(await CreateSut().HandleAsync(new JobMessage.ExpandRun(run.RunId, 1), CancellationToken.None));

        var error = (await _harness.Runs.GetAsync(run.RunId, CancellationToken.None))!.Manifest.Error;
        Assert.Equal("The stored samples of chunk 2 of 2 are missing, so 50 samples from number 101 got no job.", error);
        Assert.Empty(await JobsOfAsync(run.RunId));
        Assert.Empty(await TakeQueuedAsync());
    }

    [Fact]
    public async Task HandleAsync_RunCancelled_CreatesNoJobs()
    {
        var run = await CreateRunAsync(3, cancelledAt: _harness.Clock.GetUtcNow());

        Assert.True(await CreateSut().HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None));

        Assert.Empty(await JobsOfAsync(run.RunId));
        Assert.Empty(await TakeQueuedAsync());
    }

    [Fact]
    public async Task HandleAsync_Retry_RequeuesOnlyTheJobsThatDidNotScore()
    {
        var run = await CreateRunAsync(3);
        var sut = CreateSut();
        await sut.HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None);
        foreach (var message in await TakeQueuedAsync()) await _harness.JobScorer.ScoreAsync(Assert.IsType<JobMessage.ScoreJob>(message).JobId, CancellationToken.None);
        var failedId = RunJobId.For(run.RunId, 1);
        var stored = (await _harness.Store.GetAsync(failedId, CancellationToken.None))!;
        Assert.NotNull(await _harness.Store.TryReplaceAsync(stored.Record with { Status = JobStatus.Failed, Error = "the judge was down" }, stored.ETag, CancellationToken.None));

        Assert.True(await sut.HandleAsync(new JobMessage.RetryRun(run.RunId, ""), CancellationToken.None));

        Assert.Equal(new JobMessage.ScoreJob(failedId), Assert.Single(await TakeQueuedAsync()));
        var retried = (await _harness.Store.GetAsync(failedId, CancellationToken.None))!.Record;
        Assert.Equal(JobStatus.Queued, retried.Status);
        Assert.Null(retried.Error);
        Assert.Null(retried.FinishedAt);
        Assert.Equal(JobStatus.Completed, (await _harness.Store.GetAsync(RunJobId.For(run.RunId, 0), CancellationToken.None))!.Record.Status);
    }

    [Fact]
    public async Task Delete_RunWith250Jobs_PagesThroughThem_ThenDeletesTheRun_LabelsAndUsageToo()
    {
        var run = await CreateRunAsync(250);
        foreach (var chunk in new[] { 0, 1, 2 }) await CreateSut().HandleAsync(new JobMessage.ExpandRun(run.RunId, chunk), CancellationToken.None);
        await TakeQueuedAsync();
        var labelled = RunJobId.For(run.RunId, 7);
        Assert.NotNull(await _harness.Labels.TryWriteAsync(labelled, [new Labels.JobLabel { Rater = "alice", Rating = "good", UpdatedAt = _harness.Clock.GetUtcNow() }], null, CancellationToken.None));
        Assert.True(await _harness.RunService.DeleteAsync(run.RunId, CancellationToken.None));
        Assert.Null(await _harness.RunService.GetAsync(run.RunId, CancellationToken.None));

        var rounds = 0;
        for (var messages = await TakeQueuedAsync(); messages.Count > 0; messages = await TakeQueuedAsync())
        {
            foreach (var message in messages.OfType<JobMessage.RunMessage>()) Assert.True(await CreateSut().HandleAsync(message, CancellationToken.None));
            Assert.True(++rounds < 10, "the deletion never ended");
        }

        Assert.Empty(await JobsOfAsync(run.RunId));
        Assert.Null(await _harness.Store.GetAsync(RunJobId.For(run.RunId, 0), CancellationToken.None));
        Assert.Null(await _harness.Labels.GetAsync(labelled, CancellationToken.None));
        Assert.Null(await _harness.Runs.GetAsync(run.RunId, CancellationToken.None));
        Assert.Equal(3, rounds); // 200 jobs, then 50, then the run
        // A redelivered deletion of a run already gone is done, not poison.
        Assert.True(await CreateSut().HandleAsync(new JobMessage.DeleteRun(run.RunId), CancellationToken.None));
    }

    [Fact]
    public async Task Expansion_OfARunBeingDeleted_CreatesNothing()
    {
        var run = await CreateRunAsync(3);
        Assert.True(await _harness.RunService.DeleteAsync(run.RunId, CancellationToken.None));
        await TakeQueuedAsync();

        Assert.True(await CreateSut().HandleAsync(new JobMessage.ExpandRun(run.RunId, 0), CancellationToken.None));

        Assert.Empty(await JobsOfAsync(run.RunId));
    }
}
