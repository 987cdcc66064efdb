namespace ScoreJobs.Cli.Runs;

public sealed class RunVerdictTests
{
    [Fact]
    public void Of_CompletedAndPassed_ExitsZeroNamingTheThresholds()
    {
        var verdict = RunVerdict.Of(SampleRuns.Completed(passed: true));

        Assert.Equal(ExitCodes.Passed, verdict.ExitCode);
        Assert.Equal("PASSED: every threshold met (token_f1 mean 0.700 >= 0.500).", verdict.Sentence);
    }

    [Fact]
    public void Of_ThresholdMissed_ExitsOneNamingTheMiss()
    {
        var run = SampleRuns.Completed(passed: false, new Dictionary<string, double> { ["token_f1"] = 0.5, ["exact_match"] = 0.9 });

        var verdict = RunVerdict.Of(run);

        Assert.Equal(ExitCodes.Failed, verdict.ExitCode);
        Assert.Equal("FAILED: exact_match mean 0.333 < 0.900.", verdict.Sentence);
    }

    [Fact]
    public void Of_ServerSaysFailedButNoMeanMisses_TrustsTheServer()
    {
        var verdict = RunVerdict.Of(SampleRuns.Completed(passed: false));

        Assert.Equal(ExitCodes.Failed, verdict.ExitCode);
        Assert.Contains("server reports", verdict.Sentence);
    }

    [Fact]
    public void Of_NoThresholds_CompletedPasses()
    {
        var verdict = RunVerdict.Of(SampleRuns.Completed(passed: null, new Dictionary<string, double>()));

        Assert.Equal(ExitCodes.Passed, verdict.ExitCode);
        Assert.Contains("no thresholds", verdict.Sentence);
    }

    [Fact]
    public void Of_PassedMissing_IsDecidedFromTheMeans()
    {
        var run = SampleRuns.Completed(passed: null, new Dictionary<string, double> { ["exact_match"] = 0.5 });

        Assert.Equal(ExitCodes.Failed, RunVerdict.Of(run).ExitCode);
    }

    [Fact]
    public void Of_ThresholdOnAMetricWithNoScore_Fails()
    {
        var run = SampleRuns.Completed(passed: null, new Dictionary<string, double> { ["rouge_l"] = 0.1 });

        var verdict = RunVerdict.Of(run);

        Assert.Equal(ExitCodes.Failed, verdict.ExitCode);
        Assert.Contains("rouge_l has no score", verdict.Sentence);
    }

    [Fact]
    public void Of_ServerSaysAMetricFailed_ItsWordWinsOverTheMean()
    {
        var run = SampleRuns.Completed(passed: null);
        var aggregates = run.Aggregates!.ToDictionary();
        aggregates["token_f1"] = aggregates["token_f1"] with { Threshold = 0.5, Passed = false };

        var verdict = RunVerdict.Of(run with { Aggregates = aggregates });

        Assert.Equal(ExitCodes.Failed, verdict.ExitCode);
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public void Of_FailedOrCancelledRun_ExitsOne(string status)
    {
        var run = SampleRuns.Completed(passed: null) with { Status = status, Error = "nothing could be scored" };

        var verdict = RunVerdict.Of(run);

        Assert.Equal(ExitCodes.Failed, verdict.ExitCode);
        Assert.StartsWith("FAILED: the run", verdict.Sentence);
    }

    [Fact]
    public void Of_RunStillGoing_IsNotAFailure()
    {
        var verdict = RunVerdict.Of(SampleRuns.Running());

        Assert.Equal(ExitCodes.Passed, verdict.ExitCode);
        Assert.StartsWith("Not finished: the run is running, 1 of 4", verdict.Sentence);
    }
}
