using ScoreJobs.Fakes;
using ScoreJobs.Judge;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Jobs;

/// <summary>
/// A job's usage after an attempt is killed mid-scoring and its message is delivered again: every call the judge
/// received is in the record once, and the killed attempt's are also shown apart as redone.
/// </summary>
public sealed class JobRunnerUsageTests
{
    [Fact]
    public async Task RunAsync_AttemptKilledMidScoringThenRedelivered_UsageCountsEveryCallTheJudgeReceivedOnce()
    {
        // Slow replies, so the kill lands while the first wave of calls is out and before any second call starts.
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, Latency = TimeSpan.FromMilliseconds(400) });
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["faithfulness", "overall_quality"], Cache = false });

        using var kill = new CancellationTokenSource();
        var killed = harness.Runner.RunAsync(jobId, kill.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (judge.ChatRequestCount < 2 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
        var receivedByKilledAttempt = judge.ChatRequestCount;

        Assert.Equal(JobRunOutcome.Finished, await harness.Runner.RunAsync(jobId, CancellationToken.None));

        var record = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record;
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Equal(2, record.Attempts);
        var usage = record.Usage!;
        Assert.Equal(2, receivedByKilledAttempt);
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(receivedByKilledAttempt, usage.RedoneCalls);
        // The killed calls never returned, so they have no tokens; the finishing attempt's calls all have theirs.
        Assert.Equal(0, usage.RedonePromptTokens);
        Assert.True(usage.PromptTokens > 0);
        Assert.Equal(0, usage.CacheHits);
        Assert.Empty(await harness.UsageLog.ReadAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_FirstAttemptFinishes_NothingRedone()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["faithfulness", "overall_quality"], Cache = false });

        await harness.Runner.RunAsync(jobId, CancellationToken.None);

        var usage = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record.Usage!;
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(0, usage.RedoneCalls);
        Assert.Empty(await harness.UsageLog.ReadAsync(jobId, CancellationToken.None));
    }

    private static async Task<string> SubmitAsync(BatchRunHarness harness, ScoreRequest request)
    {
        var errors = new RequestErrors();
        var selection = harness.Catalog.Select(request, errors) ?? throw new InvalidOperationException(errors.ToString());
        var result = await harness.Jobs.SubmitAsync(request, selection, null, CancellationToken.None);
        return result.Job!.JobId;
    }
}
