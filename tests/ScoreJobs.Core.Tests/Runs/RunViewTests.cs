using ScoreJobs.Index;
using ScoreJobs.Records;

namespace ScoreJobs.Runs;

public sealed class RunViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static RunManifest Manifest(int samples, DateTimeOffset? cancelledAt = null, Dictionary<string, double>? thresholds = null) => new()
    {
        RunId = JobId.New(T0),
        CreatedAt = T0,
        Samples = samples,
        Metrics = ["token_f1"],
        Thresholds = thresholds ?? [],
        CancelledAt = cancelledAt,
    };

    private static RunTally Tally(params (JobStatus Status, double? Score)[] jobs)
    {
        var tally = new RunTally();
        foreach (var (status, score) in jobs)
        {
            tally.Apply(new JobListItem
            {
                JobId = JobId.New(T0),
                Status = status,
                CreatedAt = T0,
                StartedAt = status == JobStatus.Queued ? null : T0.AddSeconds(1),
                FinishedAt = status is JobStatus.Completed or JobStatus.Failed ? T0.AddSeconds(2) : null,
                RequestSummary = new RequestSummary { Question = "q" },
                Scores = new Dictionary<string, double?> { ["token_f1"] = score },
                WeightedScore = score,
            }, +1);
        }

        return tally;
    }

    [Fact]
    public void Of_FlakySamples_CountedPerMetricWithTheRunsRepeats()
    {
        var tally = Tally((JobStatus.Completed, 0.5));
        var flaky = new JobListItem
        {
            JobId = JobId.New(T0),
            Status = JobStatus.Completed,
            CreatedAt = T0,
            RequestSummary = new RequestSummary { Question = "q" },
            Scores = new Dictionary<string, double?> { ["faithfulness"] = 0.5 },
            WeightedScore = 0.5,
            FlakyMetrics = ["faithfulness"],
        };
        tally.Apply(flaky, +1);
        tally.Apply(flaky with { JobId = JobId.New(T0.AddSeconds(1)) }, +1);

        var run = RunView.Of(Manifest(3) with { Metrics = ["token_f1", "faithfulness"], Repeats = 3 }, tally);

        Assert.Equal(3, run.Repeats);
        Assert.Equal(2, run.Aggregates["faithfulness"].Flaky);
        Assert.Equal(0, run.Aggregates["token_f1"].Flaky);
    }

    [Fact]
    public void Of_NoJobsYet_QueuedWithEverySampleQueued()
    {
        var run = RunView.Of(Manifest(3), new RunTally());

        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(new RunCounts(3, 0, 0, 0, 0), run.Counts);
        Assert.Null(run.Passed);
        Assert.Null(run.FinishedAt);
    }

    [Fact]
    public void Of_SomeDoneSomeNotCreated_RunningAndCountsAddUp()
    {
        var run = RunView.Of(Manifest(4), Tally((JobStatus.Completed, 0.5), (JobStatus.Running, null)));

        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(new RunCounts(2, 1, 1, 0, 0), run.Counts);
        Assert.Equal(T0.AddSeconds(1), run.StartedAt);
    }

    [Fact]
    public void Of_AllDone_CompletedAndPassedAgainstThresholds()
    {
        var passing = RunView.Of(Manifest(2, thresholds: new() { ["token_f1"] = 0.5 }), Tally((JobStatus.Completed, 0.5), (JobStatus.Completed, 0.7)));
        var failing = RunView.Of(Manifest(2, thresholds: new() { ["token_f1"] = 0.7 }), Tally((JobStatus.Completed, 0.5), (JobStatus.Completed, 0.7)));

        Assert.Equal(RunStatus.Completed, passing.Status);
        Assert.True(passing.Passed);
        Assert.Equal(1.0, passing.Aggregates["token_f1"].PassRate);
        Assert.Equal(T0.AddSeconds(2), passing.FinishedAt);
        Assert.False(failing.Passed);
        Assert.Equal(0.5, failing.Aggregates["token_f1"].PassRate);
    }

    [Fact]
    public void Of_NothingScored_Failed()
    {
        var run = RunView.Of(Manifest(2), Tally((JobStatus.Failed, null), (JobStatus.Failed, null)));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.False(run.Passed);
        Assert.NotNull(run.Error);
    }

    [Fact]
    public void Of_CancelledWithSamplesNeverCreated_CountsThemCancelled()
    {
        var run = RunView.Of(Manifest(5, cancelledAt: T0.AddSeconds(3)), Tally((JobStatus.Completed, 0.9), (JobStatus.Cancelled, null)));

        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(new RunCounts(0, 0, 1, 0, 4), run.Counts);
        Assert.True(run.CancelRequested);
        Assert.False(run.Passed);
    }

    [Fact]
    public void Of_ThresholdedMetricFailedOnMostSamples_ShowsCoverageAndFailsTheGateSayingWhy()
    {
        // 10 samples: 6 scored well above the threshold, 3 whose metric failed, 1 without the metric's inputs.
        var jobs = Enumerable.Repeat((JobStatus.Completed, (double?)0.9), 6).Concat(Enumerable.Repeat((JobStatus.Completed, (double?)null), 3)).ToArray();
        var tally = Tally(jobs);
        tally.Apply(new JobListItem
        {
            JobId = JobId.New(T0),
            Status = JobStatus.Completed,
            CreatedAt = T0,
            RequestSummary = new RequestSummary { Question = "q" },
            Scores = new Dictionary<string, double?> { ["token_f1"] = null },
            SkippedMetrics = ["token_f1"],
        }, +1);

        var run = RunView.Of(Manifest(10, thresholds: new() { ["token_f1"] = 0.5 }), tally);

        var aggregate = run.Aggregates["token_f1"];
        Assert.Equal((6L, 3L, 1L), (aggregate.N, aggregate.Failed, aggregate.Skipped));
        Assert.Equal(Math.Round(6 / 9.0, 4), aggregate.Coverage);
        Assert.True(aggregate.Passed); // the mean alone meets the threshold
        Assert.False(run.Passed);
        Assert.Equal("token_f1 scored 6 of 9 samples (coverage 0.67, below min_coverage 0.90): 3 failed", run.PassedReason);
    }

    [Fact]
    public void Of_CoverageAtTheRunsMinCoverage_Passes()
    {
        var jobs = Enumerable.Repeat((JobStatus.Completed, (double?)0.9), 6).Concat(Enumerable.Repeat((JobStatus.Completed, (double?)null), 4)).ToArray();

        var run = RunView.Of(Manifest(10, thresholds: new() { ["token_f1"] = 0.5 }) with { MinCoverage = 0.6 }, Tally(jobs));

        Assert.Equal(0.6, run.Aggregates["token_f1"].Coverage);
        Assert.True(run.Passed);
        Assert.Null(run.PassedReason);
        Assert.Equal(0.6, run.MinCoverage);
    }
}
