using ScoreJobs.Fakes;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Requests;
using ScoreJobs.Testing;

namespace ScoreJobs.Jobs;

public sealed class JobScorerTests : IDisposable
{
    private readonly FixedMetric _good = new("good", MetricInputs.Answer, _ => MetricResult.Ok(0.8, "fine"));
    private readonly FixedMetric _bad = new("bad", MetricInputs.Answer, _ => MetricResult.Failed(MetricErrorKind.Parse, "unreadable reply", "raw"));
    private readonly FixedMetric _skipped = new("skipped", MetricInputs.GroundTruth);
    private readonly JobsHarness _harness;

    public JobScorerTests() => _harness = new JobsHarness(_good, _bad, _skipped);

    private Task<JobRecord> SubmitAsync(params string[] metrics) =>
        _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a", Metrics = metrics });

    [Fact]
    public async Task RunAsync_SomeMetricsFail_CompletesWithNullsExplained()
    {
        var job = await SubmitAsync("good", "bad", "skipped");

        Assert.Equal(ScoringOutcome.Finished, await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None));

        var record = (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Equal(0.8, record.Scores["good"]);
        Assert.Null(record.Scores["bad"]);
        Assert.Null(record.Scores["skipped"]);
        Assert.Equal(["skipped"], record.SkippedMetrics);
        Assert.Equal(0.8, record.WeightedScore);
        Assert.Equal(MetricErrorKind.Parse, record.Details!["bad"].ErrorKind);
        Assert.Equal("raw", record.Details["bad"].RawReply);
        Assert.Equal(MetricStatus.Skipped, record.Details["skipped"].Status);
        Assert.Equal(1, record.Attempts);
        Assert.NotNull(record.StartedAt);
        Assert.NotNull(record.FinishedAt);
        Assert.Null(record.Error);
    }

    [Fact]
    public async Task RunAsync_NothingScored_FailsWithReason()
    {
        var job = await SubmitAsync("bad");

        await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);

        var record = (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Contains("bad: unreadable reply", record.Error);
    }

    [Fact]
    public async Task RunAsync_Redelivered_NeverRescoresOrOverwrites()
    {
        var job = await SubmitAsync("good");
        await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);
        var first = await _harness.Service.GetAsync(job.JobId, CancellationToken.None);

        var outcome = await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);

        Assert.Equal(ScoringOutcome.AlreadyFinished, outcome);
        Assert.Equal(1, _good.Calls);
        Assert.Equal(first, await _harness.Service.GetAsync(job.JobId, CancellationToken.None), new JsonEquality());
    }

    [Fact]
    public async Task RunAsync_TwoWorkersRace_OnlyOneResultIsWritten()
    {
        var job = await SubmitAsync("good");
        _good.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Two instances over the same store: a process never scores one job twice at once.
        var otherInstance = new JobScorer(_harness.Store, _harness.Runs, _harness.RunCallbacks, _harness.Queue, _harness.Catalog, _harness.Scorer, _harness.UsageLog,
            _harness.Clock, TestLogger.For<JobScorer>());

        var first = _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);
        var second = otherInstance.ScoreAsync(job.JobId, CancellationToken.None);
        await Poll.UntilAsync(() => _good.Calls >= 2, "both workers to call the metric");
        _good.Gate.SetResult();
        var outcomes = await Task.WhenAll(first, second);

        Assert.Contains(ScoringOutcome.Finished, outcomes);
        Assert.Contains(ScoringOutcome.AlreadyFinished, outcomes);
        Assert.Equal(JobStatus.Completed, (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task RunAsync_UnknownJob_SaysSo()
    {
        Assert.Equal(ScoringOutcome.UnknownJob, await _harness.JobScorer.ScoreAsync(JobId.New(DateTimeOffset.UtcNow), CancellationToken.None));
    }

    [Fact]
    public async Task MarkFailedAsync_FinishedJob_IsLeftAlone()
    {
        var job = await SubmitAsync("good");
        await _harness.JobScorer.ScoreAsync(job.JobId, CancellationToken.None);

        await _harness.JobScorer.MarkFailedAsync(job.JobId, "gave up", CancellationToken.None);

        Assert.Equal(JobStatus.Completed, (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task MarkFailedAsync_QueuedJob_RecordsReason()
    {
        var job = await SubmitAsync("good");

        await _harness.JobScorer.MarkFailedAsync(job.JobId, "gave up", CancellationToken.None);

        var record = (await _harness.Service.GetAsync(job.JobId, CancellationToken.None))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal("gave up", record.Error);
    }

    public void Dispose() => _harness.Dispose();

    private sealed class JsonEquality : IEqualityComparer<JobRecord?>
    {
        public bool Equals(JobRecord? x, JobRecord? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, Records.RecordJsonContext.Readable.JobRecord!) ==
            System.Text.Json.JsonSerializer.Serialize(y, Records.RecordJsonContext.Readable.JobRecord!);

        public int GetHashCode(JobRecord? obj) => 0;
    }
}
