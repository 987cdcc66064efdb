using ScoreJobs.Fakes;
using ScoreJobs.Records;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Runs;

/// <summary>
/// Batch-mode runs over the real run service, handler, batch driver, judge and response cache, against the fake
/// server's Batch API: every judge call of the run's jobs goes through batches, none live.
/// </summary>
public sealed class BatchRunDriverTests
{
    // faithfulness takes two rounds (statements, then verdicts on them); the other two one.
    private static readonly string[] Metrics = ["faithfulness", "context_recall", "overall_quality"];

    [Fact]
    public async Task BatchRun_MultiRoundMetric_CompletesThroughTwoBatchesWithNoLiveJudgeCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchPollsBeforeDone = 2;
        using var harness = new BatchRunHarness(server);

        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(3), "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(3, run.Counts.Completed);
        Assert.All(Metrics, m => Assert.Equal(3, run.Aggregates[m].N));
        Assert.Equal(0, server.ChatRequestCount);
        Assert.Equal(2, server.Batches.Count);
        Assert.All(server.Batches, b => Assert.Equal(("24h", "/v1/chat/completions", runId), (b.CompletionWindow, b.Endpoint, b.Metadata["scorejobs_run_id"])));
        Assert.Equal(3 * 3, server.Batches[0].Total); // per sample: faithfulness' statements, context_recall, overall_quality
        Assert.Equal(3, server.Batches[1].Total);     // per sample: faithfulness' verdicts

        var batch = run.Batch!;
        Assert.Equal(RunBatch.Scoring, batch.State);
        Assert.Null(batch.Reason);
        Assert.Equal(server.Batches.Select(b => b.Id), batch.Rounds.Select(r => r.BatchId));
        Assert.Equal([1, 2], batch.Rounds.Select(r => r.Round));
        Assert.All(batch.Rounds, r => Assert.Equal(("completed", r.Requests, 0), (r.State, r.Completed, r.Failed)));
        Assert.Equal(12, run.Usage.BatchCalls);
        Assert.Equal(0, run.Usage.JudgeCalls);
        Assert.Equal(12 * 400, run.Usage.PromptTokens);
        Assert.Equal(12 * 80, run.Usage.CompletionTokens);
        Assert.Equal(0, run.Usage.CacheHits);
    }

    [Fact]
    public async Task BatchRun_ThreeRepeats_ThreeBatchLinesPerJudgeCallAndNoLiveCall()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = new BatchRunHarness(server);
        var samples = BatchRunHarness.Samples(2).Select(s => s with { Request = s.Request with { Repeats = 3 } }).ToList();

        var runId = await harness.SubmitAsync(samples, "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(0, server.ChatRequestCount);
        Assert.Equal(3 * 2 * 3, server.Batches[0].Total);
        Assert.Equal(3 * 2, server.Batches[1].Total);
        Assert.Equal(3 * 2 * 4, run.Usage.BatchCalls);
        Assert.Equal(0, run.Usage.JudgeCalls);
    }

    [Fact]
    public async Task BatchRun_ProcessRestartsMidBatch_NewProcessResumesThePersistedBatchAndCompletes()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchPollsBeforeDone = 3;
        var folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
        string runId;
        string firstBatch;
        using (var before = new BatchRunHarness(server, folder, keepFolder: true))
        {
            runId = await before.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
            var polling = await before.DrainAsync(runId, r => r.Batch?.State == "in_progress");
            firstBatch = polling.Batch!.BatchId!;
            Assert.Equal(1, polling.Batch.Round);
            Assert.Equal(RunStatus.Queued, polling.Status);
        }

        // The in-process queue, and the poll waiting on it, died with the process; the manifest kept the batch id.
        using var after = new BatchRunHarness(server, folder);
        await after.Recovery.StartAsync(CancellationToken.None);
        var run = await after.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, run.Counts.Completed);
        Assert.Equal(0, server.ChatRequestCount);
        Assert.Equal(2, server.Batches.Count);
        Assert.Equal(firstBatch, run.Batch!.Rounds[0].BatchId);
        Assert.Equal(RunBatch.Scoring, run.Batch.State);
    }

    [Fact]
    public async Task BatchRun_BatchExpires_FallsBackToLiveCallsAndSaysWhy()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchOutcome = "expired";
        using var harness = new BatchRunHarness(server);

        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, run.Counts.Completed);
        Assert.Single(server.Batches);
        Assert.Equal(RunBatch.Fallback, run.Batch!.State);
        Assert.Contains("expired", run.Batch.Reason, StringComparison.Ordinal);
        Assert.Equal("expired", run.Batch.Rounds[0].State);
        Assert.Equal(2 * 4, server.ChatRequestCount);
        Assert.Equal(2 * 4, run.Usage.JudgeCalls);
        Assert.Equal(0, run.Usage.BatchCalls);
    }

    [Fact]
    public async Task BatchRun_SomeLinesInTheErrorFile_ThoseCallsGoLive_TheRestStayBatched()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchLineFails = r => r.ReplyFormat == "overall_quality_rating";
        using var harness = new BatchRunHarness(server);

        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, run.Aggregates["overall_quality"].N);
        Assert.Equal(2, server.Batches.Count);
        Assert.Equal(2, server.ChatRequestCount);
        Assert.All(server.ChatRequests, r => Assert.Equal("overall_quality_rating", r.ReplyFormat));
        Assert.Equal(2, run.Usage.JudgeCalls);
        Assert.Equal(6, run.Usage.BatchCalls);
        Assert.Equal(RunBatch.Scoring, run.Batch!.State);
        Assert.Contains("2 requests got no usable reply", run.Batch.Reason, StringComparison.Ordinal);
        Assert.Equal(2, run.Batch.Rounds[0].Failed);
    }

    [Fact]
    public async Task BatchRun_SameRunLive_CostsHalfAtTheBatchDiscount()
    {
        await using var liveServer = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        await using var batchServer = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var live = new BatchRunHarness(liveServer);
        using var batch = new BatchRunHarness(batchServer);

        var liveRun = await live.DrainAsync(await live.SubmitAsync(BatchRunHarness.Samples(3), "live", Metrics));
        var batchRun = await batch.DrainAsync(await batch.SubmitAsync(BatchRunHarness.Samples(3), "batch", Metrics));

        Assert.Equal(12, liveRun.Usage.JudgeCalls);
        Assert.Equal(12, batchRun.Usage.BatchCalls);
        Assert.Equal(liveRun.Usage.TotalTokens, batchRun.Usage.TotalTokens);
        var expected = 12 * (400 * BatchRunHarness.InputPerMillion + 80 * BatchRunHarness.OutputPerMillion) / 1_000_000m;
        Assert.Equal(expected, liveRun.Usage.Cost);
        Assert.Equal(expected / 2, batchRun.Usage.Cost);
        Assert.Equal(liveRun.Aggregates["faithfulness"].Mean, batchRun.Aggregates["faithfulness"].Mean);
    }

    [Fact]
    public async Task BatchRun_ThenTheSameSamplesLive_BatchRepliesCountedOnce_LaterReadsArePlainCacheHits()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = new BatchRunHarness(server);
        var batchRun = await harness.DrainAsync(await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics));

        var liveRun = await harness.DrainAsync(await harness.SubmitAsync(BatchRunHarness.Samples(2), "live", Metrics));

        Assert.Equal(8, batchRun.Usage.BatchCalls);
        Assert.Equal((0, 0, 8, 0L), (liveRun.Usage.JudgeCalls, liveRun.Usage.BatchCalls, liveRun.Usage.CacheHits, liveRun.Usage.TotalTokens));
        Assert.Equal(0m, liveRun.Usage.Cost);
        Assert.Equal(0, server.ChatRequestCount);
    }

    [Fact]
    public async Task BatchRun_BatchApiRefusesTheBatch_ScoredLiveWithTheServersReason()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchApiResponder = r => r.Method == "POST" && r.Path.EndsWith("/batches", StringComparison.Ordinal)
            ? FakeResponse.Error(400, "The model judge-model is not available for batch.", "model_not_found")
            : null;
        using var harness = new BatchRunHarness(server);

        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(RunBatch.Fallback, run.Batch!.State);
        Assert.Contains("HTTP 400: The model judge-model is not available for batch.", run.Batch.Reason, StringComparison.Ordinal);
        Assert.Empty(run.Batch.Rounds);
        Assert.Equal(2 * 4, server.ChatRequestCount);
    }

    [Fact]
    public async Task BatchRun_BatchApiDownWhilePolling_KeepsPollingAndCompletesThroughBatches()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var outage = 6;
        server.BatchApiResponder = r => r.Method == "GET" && r.Path.Contains("/batches/", StringComparison.Ordinal) && Interlocked.Decrement(ref outage) >= 0
            ? FakeResponse.Error(503, "The service is temporarily unavailable.")
            : null;
        using var harness = new BatchRunHarness(server);

        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(RunBatch.Scoring, run.Batch!.State);
        Assert.True(outage < 0);
        Assert.Equal(0, server.ChatRequestCount);
    }

    [Fact]
    public async Task BatchRun_CancelledWhileItsBatchRuns_CancelsTheBatchAndEndsCancelled()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        server.BatchPollsBeforeDone = 50;
        using var harness = new BatchRunHarness(server);
        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", Metrics);
        await harness.DrainAsync(runId, r => r.Batch?.State == "in_progress");

        await harness.RunService.CancelAsync(runId, CancellationToken.None);
        var run = await harness.DrainAsync(runId, r => r.Batch?.State == "cancelling");

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(new RunCounts(0, 0, 0, 0, 2), run.Counts);
        Assert.Equal("cancelling", server.Batches[0].Status);
        Assert.Equal(0, server.ChatRequestCount);
    }
}
