using ScoreJobs.Cli.Runs;
using Spectre.Console.Testing;

namespace ScoreJobs.Cli.Rendering;

public sealed class RunReportTests
{
    private static TestConsole CreateConsole(bool unicode = true) => new TestConsole().Width(160).SupportsUnicode(unicode);

    [Fact]
    public void Write_CompletedRun_PrintsHeadlineTableUsageAndVerdict()
    {
        var console = CreateConsole();

        RunReport.Write(console, SampleRuns.Completed(), "https://host/");

        var output = console.Output;
        Assert.Contains("Run r_abc \"nightly\" completed in 2m10s (4 samples: 3 completed, 1 failed)", output);
        foreach (var column in new[] { "metric", "n", "mean", "median", "p10", "min", "max", "stdev", "pass rate", "threshold", "result" })
            Assert.Contains(column, output);
        Assert.Matches(@"token_f1\s+│\s+3\s+│\s+0\s+│\s+-\s+│\s+0\.700\s+│\s+0\.667\s+│\s+0\.500\s+│\s+0\.500\s+│\s+1\.000\s+│\s+0\.200\s+│\s+66\.7%\s+│\s+0\.500\s+│\s+✓ pass", output);
        Assert.Contains("Judge: no calls.", output);
        Assert.EndsWith("PASSED: every threshold met (token_f1 mean 0.700 >= 0.500).\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Write_RunWithFlakySamples_ShowsAFlakyColumnAfterFailed()
    {
        var console = CreateConsole();
        var run = SampleRuns.Completed();
        run = run with { Aggregates = new Dictionary<string, MetricAggregate>(run.Aggregates!) { ["token_f1"] = run.Aggregates!["token_f1"] with { Flaky = 2 } } };

        RunReport.Write(console, run, "https://host/");

        Assert.Matches(@"metric\s+│\s+n\s+│\s+failed\s+│\s+flaky\s+│\s+coverage", console.Output);
        Assert.Matches(@"token_f1\s+│\s+3\s+│\s+0\s+│\s+2\s+│", console.Output);
    }

    [Fact]
    public void Write_CompletedRun_WithoutFlakySamples_HasNoFlakyColumn()
    {
        var console = CreateConsole();

        RunReport.Write(console, SampleRuns.Completed(), "https://host/");

        Assert.DoesNotContain("flaky", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MissedThreshold_MarksTheRowFailWithTextNotColourAlone()
    {
        var console = CreateConsole(unicode: false);
        var run = SampleRuns.Completed(passed: false, new Dictionary<string, double> { ["exact_match"] = 0.9 });

        RunReport.Write(console, run, "https://host/");

        Assert.Matches(@"exact_match\s+\|.*\|\s+0\.900\s+\|\s+FAIL", console.Output);
        Assert.Contains("FAILED: exact_match mean 0.333 < 0.900.", console.Output);
    }

    [Fact]
    public void Write_At80Columns_EveryNumberStaysWholeOnOneLine()
    {
        var console = new TestConsole().Width(80).SupportsUnicode(true);
        var run = SampleRuns.Completed(thresholds: new Dictionary<string, double> { ["response_groundedness"] = 0.8 }) with
        {
            Metrics = ["response_groundedness", "token_f1"],
            Aggregates = new Dictionary<string, MetricAggregate>
            {
                ["response_groundedness"] = new() { N = 10_000, Mean = 0.8126, Median = 0.75, P10 = 0.5, Min = 0, Max = 1, Stdev = 0.3125, PassRate = 0.6543 },
                ["token_f1"] = new() { N = 10_000, Mean = 0.7, Median = 0.667, P10 = 0.5, Min = 0.5, Max = 1, Stdev = 0.2 },
            },
        };

        RunReport.Write(console, run, "https://host/");

        var lines = console.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        Assert.Contains(lines, line => line.Contains("response_groundedness", StringComparison.Ordinal) &&
            System.Text.RegularExpressions.Regex.IsMatch(line, @"10,000\s+│\s+0\s+│\s+-\s+│\s+0\.813\s+│\s+65%\s+│\s+0\.8\s+│\s+✓ pass"));
        Assert.DoesNotContain("median", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("p10", console.Output, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("token_f1", StringComparison.Ordinal) && line.Contains("0.700", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricOrder_AskedOrderThenOthersThenWeightedScoreLast()
    {
        Assert.Equal(["token_f1", "exact_match", "weighted_score"], RunReport.MetricOrder(SampleRuns.Completed()));
    }

    [Fact]
    public void Write_RunStillGoing_SaysHowToWatchIt()
    {
        var console = CreateConsole();

        RunReport.Write(console, SampleRuns.Running(), "https://host/");

        Assert.Contains("Run r_abc \"nightly\" running (4 samples: 1 completed, 0 failed, 2 running, 1 queued)", console.Output);
        Assert.Contains("scorejobs status r_abc --wait --url https://host/", console.Output);
    }

    [Theory]
    [InlineData(12, 1000, 200, 0, null, null, "Judge: 12 calls, 1,200 tokens (1,000 prompt, 200 completion).")]
    [InlineData(3, 10, 5, 2, 0.0123, "USD", "Judge: 3 calls, 15 tokens (10 prompt, 5 completion), 2 cache hits, cost 0.0123 USD.")]
    [InlineData(0, 0, 0, 4, null, null, "Judge: no paid calls (4 replies from the cache).")]
    public void Usage_CallsTokensAndCostWherePresent(int calls, long prompt, long completion, int cacheHits, double? cost, string? currency, string expected)
    {
        var usage = new RunUsage
        {
            JudgeCalls = calls, PromptTokens = prompt, CompletionTokens = completion, CacheHits = cacheHits,
            Cost = cost is null ? null : (decimal)cost.Value, Currency = currency,
        };

        Assert.Equal(expected, RunReport.Usage(usage));
    }

    [Fact]
    public void Usage_CallsRedoneAndCutOffByAKill_SaysBoth()
    {
        var usage = new RunUsage
        {
            JudgeCalls = 3038, PromptTokens = 900_000, CompletionTokens = 60_000, RedoneCalls = 38, RedonePromptTokens = 2_100, CutOffCalls = 31,
        };

        Assert.Equal("Judge: 3,038 calls, 960,000 tokens (900,000 prompt, 60,000 completion); 38 of the calls (2,100 tokens) were redone after "
            + "attempts that never finished; 31 cut off before their reply (perhaps never received).", RunReport.Usage(usage));
    }

    [Fact]
    public void Write_ThresholdedMetricBelowMinCoverage_At80ColumnsShowsCoverageAndSaysWhichMetricAndHowManyFailed()
    {
        var console = new TestConsole().Width(80).SupportsUnicode(true);
        var run = SampleRuns.Completed(passed: false) with
        {
            Samples = 100,
            MinCoverage = 0.9,
            PassedReason = "token_f1 scored 60 of 100 samples (coverage 0.60, below min_coverage 0.90): 40 failed",
            Aggregates = new Dictionary<string, MetricAggregate>
            {
                ["token_f1"] = new() { N = 60, Failed = 40, Coverage = 0.6, Mean = 0.8, Median = 0.8, P10 = 0.6, Min = 0.5, Max = 1, Stdev = 0.1, PassRate = 0.9 },
                ["weighted_score"] = new() { N = 60, Failed = 40, Coverage = 0.6, Mean = 0.8 },
            },
        };

        RunReport.Write(console, run, "https://host/");

        var lines = console.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines.Where(l => l.Contains('│')), line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Matches(@"token_f1\s+│\s+60\s+│\s+40\s+│\s+60%\s+│\s+0\.800", console.Output);
        // The verdict wraps at 80 columns; read it as one line.
        Assert.Contains("FAILED: token_f1 scored only 60 of 100 samples (40 failed; coverage 0.60 < min_coverage 0.90).",
            System.Text.RegularExpressions.Regex.Replace(console.Output, @"\s+", " "));
        Assert.Equal(ExitCodes.Failed, RunVerdict.Of(run).ExitCode);
    }
}
