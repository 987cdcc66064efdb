using ScoreJobs.Testing;
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
public sealed class JobScorerUsageTests
{
    [Fact]
    public async Task RunAsync_AttemptKilledMidScoringThenRedelivered_UsageCountsEveryCallTheJudgeReceivedOnce()
    {
        // Slow replies, so the kill lands while the first wave of calls is out and before any second call starts.
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, Latency = TimeSpan.FromMilliseconds(400) });
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["faithfulness", "overall_quality"], Cache = false });

        using var kill = new CancellationTokenSource();
        var killed = harness.JobScorer.ScoreAsync(jobId, kill.Token);
        await Poll.UntilAsync(() => judge.ChatRequestCount >= 2, "the first two judge calls");
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
        var receivedByKilledAttempt = judge.ChatRequestCount;

        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

        var record = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record;
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Equal(2, record.Attempts);
        var usage = record.Usage!;
        Assert.Equal(2, receivedByKilledAttempt);
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(receivedByKilledAttempt, usage.RedoneCalls);
        // The killed calls never returned, so they have no tokens and are cut off; the finishing attempt's calls all have theirs.
        Assert.Equal(0, usage.RedonePromptTokens);
        Assert.Equal(receivedByKilledAttempt, usage.CutOffCalls);
        Assert.True(usage.PromptTokens > 0);
        Assert.Equal(0, usage.CacheHits);
        Assert.Empty(await harness.UsageLog.ReadAsync(jobId, CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_FirstRequestsAnswered500And429_JudgeCallsEqualTheRequestsTheJudgeReceived()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var failures = 2;
        judge.Responder = _ => Interlocked.Decrement(ref failures) switch
        {
            1 => FakeResponse.Error(500, "The server had an error while processing your request."),
            0 => FakeResponse.Error(429, "Rate limit reached", code: "rate_limit_exceeded"),
            _ => null,
        };
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["overall_quality"], Cache = false });

        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

        var record = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record;
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Equal(3, judge.ChatRequestCount);
        Assert.Equal(judge.ChatRequestCount, record.Usage!.JudgeCalls);
        Assert.Equal(0, record.Usage.RedoneCalls);
        // An error response is a reply: the judge received those requests, so none is cut off.
        Assert.Equal(0, record.Usage.CutOffCalls);
    }

    [Fact]
    public async Task RunAsync_KilledBeforeACallsLogLineLanded_UsageEqualsTheCallsTheJudgeReceived()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
        string jobId;
        using (var killed = new BatchRunHarness(judge, folder, keepFolder: true, usageLog: log => new StalledUsageLog(log, stalledAttempt: 1)))
        {
            jobId = await SubmitAsync(killed, TestJudge.ScoreRequest() with { Metrics = ["overall_quality"], Cache = false });
            using var kill = new CancellationTokenSource();
            // The first attempt is abandoned, as a killed process is: its stalled log write never completes.
            _ = killed.JobScorer.ScoreAsync(jobId, kill.Token);
            var stalled = (StalledUsageLog)killed.ScorerUsageLog;
            await stalled.FirstStall.WaitAsync(TimeSpan.FromSeconds(30));
            // Had the call gone out beside its line, the judge would have it within this bound; written first, it must not.
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (judge.ChatRequestCount == 0 && waited.Elapsed < TimeSpan.FromSeconds(1)) await Task.Delay(10);
            await kill.CancelAsync();
        }

        // The process after a restart.
        using var harness = new BatchRunHarness(judge, folder);
        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

        var usage = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record.Usage!;
        Assert.Equal(1, judge.ChatRequestCount);
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(0, usage.CutOffCalls);
    }

    [Fact]
    public async Task RunAsync_AttemptKilledDuringAnEmbeddingCall_UsageCountsThatCall()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var hangs = 1;
        // The first embedding request hangs until the attempt dies; every later one is answered.
        judge.Responder = request => request.IsEmbeddings && Interlocked.Exchange(ref hangs, 0) == 1 ? FakeResponse.Hanging() : null;
        using var harness = new BatchRunHarness(judge, embeddingModel: "embedding-model");
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["answer_relevancy"], Cache = false });

        using var kill = new CancellationTokenSource();
        var killed = harness.JobScorer.ScoreAsync(jobId, kill.Token);
        await Poll.UntilAsync(() => judge.EmbeddingRequestCount > 0, "the first embedding call");
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
        Assert.Equal(1, judge.EmbeddingRequestCount);

        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

        var usage = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record.Usage!;
        Assert.True(judge.EmbeddingRequestCount > 1);
        Assert.Equal(judge.ChatRequestCount + judge.EmbeddingRequestCount, usage.JudgeCalls);
        Assert.True(usage.RedoneCalls >= 2, $"the killed attempt's chat and embedding calls are redone: {usage.RedoneCalls}");
        // Its chat calls were answered; the embedding call it died in never was.
        Assert.Equal(1, usage.CutOffCalls);
    }

    [Fact]
    public async Task RunAsync_JobDeliveredTwiceToOneProcess_ScoredOnceAndEveryCallCounted()
    {
        // The first call is answered sooner than any later one: had the second delivery taken the job over, the first
        // attempt would finish first and the second's call would be in no record.
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var seen = 0;
        judge.Responder = _ => FakeResponse.Chat("""{"reason":"A correct, helpful answer.","rating":8}""") with
        {
            Delay = TimeSpan.FromMilliseconds(Interlocked.Increment(ref seen) == 1 ? 500 : 1500),
        };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var harness = new BatchRunHarness(judge, usageLog: log => new SignallingUsageLog(log, started));
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["overall_quality"], Cache = false });

        var first = harness.JobScorer.ScoreAsync(jobId, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None);

        Assert.Equal(ScoringOutcome.AlreadyRunning, second);
        Assert.Equal(ScoringOutcome.Finished, await first);
        var record = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record;
        Assert.Equal(1, record.Attempts);
        Assert.Equal(judge.ChatRequestCount, record.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task RunAsync_AnotherInstanceTakesTheJobOverAndTheFirstFinishesFirst_UsageCountsBothAttemptsCalls()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var seen = 0;
        judge.Responder = _ => FakeResponse.Chat("""{"reason":"A correct, helpful answer.","rating":8}""") with
        {
            Delay = TimeSpan.FromMilliseconds(Interlocked.Increment(ref seen) == 1 ? 500 : 1500),
        };
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["overall_quality"], Cache = false });

        var first = harness.JobScorer.ScoreAsync(jobId, CancellationToken.None);
        // The first attempt's call has been given its 500 ms answer before the other instance takes over (1,500 ms).
        // Waiting on the responder, not on the request count: a loaded machine can count a request before its responder runs.
        await Poll.UntilAsync(() => Volatile.Read(ref seen) > 0, "the first attempt's call to reach the judge's responder");
        var second = harness.OtherInstanceScorer().ScoreAsync(jobId, CancellationToken.None);

        Assert.Equal(ScoringOutcome.Finished, await first);
        Assert.Equal(ScoringOutcome.AlreadyFinished, await second);
        var usage = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record.Usage!;
        Assert.Equal(2, judge.ChatRequestCount);
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(1, usage.RedoneCalls);
    }

    [Fact]
    public async Task RunAsync_FirstAttemptFinishes_NothingRedone()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = new BatchRunHarness(judge);
        var jobId = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["faithfulness", "overall_quality"], Cache = false });

        await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None);

        var usage = (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record.Usage!;
        Assert.Equal(judge.ChatRequestCount, usage.JudgeCalls);
        Assert.Equal(0, usage.RedoneCalls);
        Assert.Equal(0, usage.CutOffCalls);
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
