using ScoreJobs.Cli.Runs;
using Spectre.Console.Testing;

namespace ScoreJobs.Cli.Rendering;

public sealed class RunEstimateReportTests
{
    [Fact]
    public void Write_LongestMetricAndMillionsOfTokens_TableFitsIn80Columns()
    {
        var console = new TestConsole().Width(80).SupportsUnicode(true);
        var estimate = new JudgeEstimate
        {
            JudgeCalls = 120_000, PromptTokens = 98_765_432, CompletionTokens = 12_345_678, Cached = 20_000,
            Cost = new EstimatedCost(1234.5678m, 617.2839m, "USD", null),
            ByMetric = new Dictionary<string, MetricEstimate>
            {
                ["answer_correctness_long"] = new(60_000, 50_000_000, 6_000_000, 10_000, 0),
                ["faithfulness"] = new(60_000, 48_765_432, 6_345_678, 10_000, 0),
            },
        };

        RunEstimateReport.Write(console, new RunEstimate { Samples = 10_000, Mode = "batch", JudgeModel = "gpt-4o-mini", Estimate = estimate });

        var lines = console.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Contains(lines, l => l.Contains("98,765,432", StringComparison.Ordinal) && l.Contains("120,000", StringComparison.Ordinal));
        Assert.Contains("Cost: 1234.5678 USD live, 617.2839 USD in batch mode (cached calls are free).", console.Output);
    }

    [Fact]
    public void Cost_Unpriced_SaysUnknownAndWhy()
    {
        var text = RunEstimateReport.Cost(new EstimatedCost(null, null, "USD", "no price for 'judge-2' in ScoreJobs__Judge__Prices"));

        Assert.Equal("Cost: unknown.\nno price for 'judge-2' in ScoreJobs__Judge__Prices.", text);
    }
}
