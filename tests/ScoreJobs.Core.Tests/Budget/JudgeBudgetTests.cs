using ScoreJobs.Fakes;
using ScoreJobs.Jobs;
using ScoreJobs.Judge;
using ScoreJobs.Queues;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Runs;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Budget;

/// <summary>
/// The daily judge budget over the real scorer, delivery handler, judge (against the fake server, priced) and the
/// embedded mode's counters, on a fake clock for the UTC day.
/// </summary>
public sealed class JudgeBudgetTests
{
    // Below one job's cost (a few hundred tokens at 2.5/10 per million), so the first job spends it.
    private const decimal TinyBudget = 0.000001m;

    [Fact]
    public async Task HandleAsync_BudgetSpent_JobStaysQueuedWaitingForBudgetAndIsRequeuedWithoutAJudgeCall()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, TinyBudget);
        await ScoreAsync(harness, await SubmitAsync(harness, JudgeRequest()));
        var callsBefore = judge.ChatRequestCount;

        var held = await SubmitAsync(harness, JudgeRequest());
        var verdict = await HandleAsync(harness, held, dequeueCount: 1);

        Assert.Equal(DeliveryAction.Requeue, verdict.Action);
        Assert.InRange(verdict.RetryAfter, TimeSpan.FromSeconds(1), JudgeBudget.Recheck);
        var record = await GetAsync(harness, held);
        Assert.Equal((JobStatus.Queued, "budget", 0), (record.Status, record.Waiting, record.Attempts));
        Assert.Equal(callsBefore, judge.ChatRequestCount);
        var state = await harness.Budget.ReadAsync(CancellationToken.None);
        Assert.True(state.Exhausted);
        Assert.True(state.Spent >= TinyBudget);
    }

    [Fact]
    public async Task HandleAsync_HeldOnTheLastAllowedDelivery_RequeuedNotPoisonedOrFailed()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, 0m);
        var held = await SubmitAsync(harness, JudgeRequest());

        var verdict = await HandleAsync(harness, held, dequeueCount: new ScoreJobsOptions().MaxDeliveries);

        Assert.Equal(DeliveryAction.Requeue, verdict.Action);
        Assert.Equal(JobStatus.Queued, (await GetAsync(harness, held)).Status);
    }

    [Fact]
    public async Task HandleAsync_NextUtcDay_HeldJobStartsAndCompletes()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, TinyBudget);
        await ScoreAsync(harness, await SubmitAsync(harness, JudgeRequest()));
        var held = await SubmitAsync(harness, JudgeRequest());
        Assert.Equal(DeliveryAction.Requeue, (await HandleAsync(harness, held, 1)).Action);

        var now = harness.Clock.GetUtcNow();
        harness.Clock.Advance(now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime);

        Assert.Equal(DeliveryAction.Complete, (await HandleAsync(harness, held, 1)).Action);
        var record = await GetAsync(harness, held);
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Null(record.Waiting);
    }

    [Fact]
    public async Task HandleAsync_BudgetRaised_HeldJobStartsAndCompletes()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, TinyBudget);
        await ScoreAsync(harness, await SubmitAsync(harness, JudgeRequest()));
        var held = await SubmitAsync(harness, JudgeRequest());
        Assert.Equal(DeliveryAction.Requeue, (await HandleAsync(harness, held, 1)).Action);

        harness.JudgeSettings.CurrentValue.DailyBudget = 100m;

        Assert.Equal(DeliveryAction.Complete, (await HandleAsync(harness, held, 1)).Action);
        Assert.Equal((JobStatus.Completed, (string?)null), ((await GetAsync(harness, held)).Status, (await GetAsync(harness, held)).Waiting));
    }

    [Fact]
    public async Task HandleAsync_BudgetSpentOfflineOnlyJob_Completes()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, 0m);
        Assert.True(await harness.Budget.IsExhaustedAsync(CancellationToken.None));
        var offline = await SubmitAsync(harness, TestJudge.ScoreRequest() with { Metrics = ["exact_match"] });

        Assert.Equal(DeliveryAction.Complete, (await HandleAsync(harness, offline, 1)).Action);

        var record = await GetAsync(harness, offline);
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Null(record.Waiting);
        Assert.Equal(0, judge.ChatRequestCount);
    }

    [Fact]
    public async Task HandleAsync_NoBudgetSet_SpendCountedAndNothingHeld()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, budget: null);
        var first = await SubmitAsync(harness, JudgeRequest());
        await ScoreAsync(harness, first);
        var second = await SubmitAsync(harness, JudgeRequest());
        await ScoreAsync(harness, second);

        var state = await harness.Budget.ReadAsync(CancellationToken.None);
        Assert.Null(state.Limit);
        Assert.False(state.Exhausted);
        var cost = (await GetAsync(harness, first)).Usage!.Cost!.Value + (await GetAsync(harness, second)).Usage!.Cost!.Value;
        Assert.True(cost > 0);
        Assert.Equal(cost, state.Spent, 6);
    }

    [Fact]
    public async Task ScoreAsync_AttemptKilledAfterAPaidReply_SpendCountsTheRedoneCallOnce()
    {
        // faithfulness asks twice in turn (statements, then verdicts): the second request means the first was answered.
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, Latency = TimeSpan.FromMilliseconds(300) });
        using var harness = CreateSut(judge, budget: null);
        var jobId = await SubmitAsync(harness, JudgeRequest() with { Metrics = ["faithfulness"] });

        using var kill = new CancellationTokenSource();
        var killed = harness.JobScorer.ScoreAsync(jobId, kill.Token);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (judge.ChatRequestCount < 2 && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => killed);
        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

        var usage = (await GetAsync(harness, jobId)).Usage!;
        Assert.True(usage.RedoneCost > 0, "the killed attempt's answered call is redone usage");
        Assert.Equal(usage.Cost!.Value, (await harness.Budget.ReadAsync(CancellationToken.None)).Spent, 6);
    }

    [Fact]
    public async Task HandleTriggeredAsync_HeldJob_NothingForPoisonAndAFreshMessageOnTheLaneAfterTheDelay()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, 0m);
        var held = await SubmitAsync(harness, JudgeRequest());
        var lane = new InProcessJobQueue(harness.Clock, TestLogger.For<InProcessJobQueue>());

        var poison = await harness.Handler.HandleTriggeredAsync(new JobMessage.ScoreJob(held).ToJson(), 4, lane, CancellationToken.None);

        Assert.Empty(poison);
        Assert.Equal(0, lane.Count);
        harness.Clock.Advance(JudgeBudget.Recheck);
        var delivery = Assert.Single(await lane.ReceiveAsync(4, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((held, 1), (((JobMessage.ScoreJob)delivery.Message!).JobId, delivery.DequeueCount));
    }

    [Fact]
    public async Task BatchRun_BudgetSpent_NoBatchSubmittedUntilTheBudgetIsRaised()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var harness = CreateSut(judge, 0m);
        var runId = await harness.SubmitAsync(BatchRunHarness.Samples(2), "batch", "overall_quality");

        // The run's expansion (or its first poll) comes back, as a fresh message, while the budget is spent.
        for (var i = 0; i < 5; i++)
        {
            foreach (var delivery in await harness.RunQueue.ReceiveAsync(16, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)))
            {
                await harness.Handler.HandleAsync(delivery.Message, delivery.RawText, delivery.DequeueCount, CancellationToken.None);
            }

            harness.Clock.Advance(JudgeBudget.Recheck);
            await Task.Delay(20);
        }

        Assert.Empty(judge.Batches);
        Assert.False((await harness.GetAsync(runId))!.IsFinished);

        harness.JudgeSettings.CurrentValue.DailyBudget = 100m;
        var run = await harness.DrainAsync(runId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Single(judge.Batches);
    }

    private static BatchRunHarness CreateSut(FakeOpenAIServer judge, decimal? budget)
    {
        var harness = new BatchRunHarness(judge, offlineMetric: true);
        harness.JudgeSettings.CurrentValue.DailyBudget = budget;
        return harness;
    }

    private static ScoreRequest JudgeRequest() => TestJudge.ScoreRequest() with { Metrics = ["overall_quality"], Cache = false };

    private static async Task<string> SubmitAsync(BatchRunHarness harness, ScoreRequest request)
    {
        var errors = new RequestErrors();
        var selection = harness.Catalog.Select(request, errors) ?? throw new InvalidOperationException(errors.ToString());
        return (await harness.Jobs.SubmitAsync(request, selection, null, CancellationToken.None)).Job!.JobId;
    }

    private static async Task ScoreAsync(BatchRunHarness harness, string jobId) =>
        Assert.Equal(ScoringOutcome.Finished, await harness.JobScorer.ScoreAsync(jobId, CancellationToken.None));

    private static Task<DeliveryVerdict> HandleAsync(BatchRunHarness harness, string jobId, int dequeueCount) =>
        harness.Handler.HandleAsync(new JobMessage.ScoreJob(jobId), "", dequeueCount, CancellationToken.None);

    private static async Task<JobRecord> GetAsync(BatchRunHarness harness, string jobId) =>
        (await harness.Store.GetAsync(jobId, CancellationToken.None))!.Record;
}
