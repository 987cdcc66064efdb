using ScoreJobs.Cli.Comparisons;
using Spectre.Console.Testing;

namespace ScoreJobs.Cli.Rendering;

public sealed class ComparisonReportTests
{
    private static readonly RunComparison Comparison = new()
    {
        Base = "r_base",
        Head = "r_head",
        Metrics = new Dictionary<string, MetricDelta>
        {
            ["weighted_score"] = new() { BaseMean = 0.8, HeadMean = 0.7, Delta = -0.1, BaseN = 3, HeadN = 3 },
            ["token_f1"] = new() { BaseMean = 0.6, HeadMean = 0.65, Delta = 0.05, BaseN = 3, HeadN = 3 },
            ["exact_match"] = new() { BaseMean = 0.5, HeadMean = 0.5, Delta = 0, BaseN = 3, HeadN = 2 },
        },
        Regressions =
        [
            new() { SampleId = "2", Metric = "token_f1", Base = 0.9, Head = 0.7, Delta = -0.2 },
            new() { SampleId = "q-17", Metric = "exact_match", Base = 1, Head = 0, Delta = -1 },
            new() { SampleId = "3", Metric = "token_f1", Base = 0.5, Head = 0.4, Delta = -0.1 },
        ],
    };

    [Fact]
    public void Write_Comparison_ShowsSignedDeltasWithArrowsAndRegressionsWorstFirst()
    {
        var console = new TestConsole().Width(160);

        ComparisonReport.Write(console, Comparison, limit: 20);

        var output = console.Output;
        Assert.Contains("Base r_base -> head r_head", output);
        Assert.Matches(@"token_f1\s+│\s+0\.600\s+│\s+0\.650\s+│\s+▲ \+0\.050\s+│\s+3\s+│\s+3", output);
        Assert.Matches(@"weighted_score\s+│\s+0\.800\s+│\s+0\.700\s+│\s+▼ -0\.100", output);
        Assert.Matches(@"exact_match\s+│\s+0\.500\s+│\s+0\.500\s+│\s+= 0\.000\s+│\s+3\s+│\s+2", output);
        Assert.Contains("3 regressions, worst first:", output);
        var worst = output.IndexOf("q-17", StringComparison.Ordinal);
        var middle = output.IndexOf("│ 2 ", StringComparison.Ordinal);
        var least = output.IndexOf("│ 3 ", output.IndexOf("regressions", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(worst < middle && middle < least, output);
    }

    [Fact]
    public void Write_Limit_ShowsOnlyTheWorstAndSaysHowManyThereAre()
    {
        var console = new TestConsole().Width(160);

        ComparisonReport.Write(console, Comparison, limit: 1);

        Assert.Contains("3 regressions, the worst 1:", console.Output);
        Assert.Contains("q-17", console.Output);
        Assert.DoesNotContain("│ 3 ", console.Output[console.Output.IndexOf("regressions", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void Write_MarginAndUnmatchedSamples_AreSaid()
    {
        var console = new TestConsole().Width(160);

        ComparisonReport.Write(console, Comparison with { Margin = 0.05, BaseOnly = ["old"], HeadOnly = [] }, limit: 20);

        Assert.Contains("Unmatched samples: 1 only in base, 0 only in head.", console.Output);
        Assert.Contains("3 regressions (a score fell by more than 0.050), worst first:", console.Output);
    }

    [Fact]
    public void Write_Significance_EachMetricsIntervalPValueAndChangeFitEightyColumns()
    {
        var console = new TestConsole().Width(80);
        var metrics = new Dictionary<string, MetricDelta>
        {
            ["answer_correctness"] = new() { BaseMean = 0.8, HeadMean = 0.6, Delta = -0.2, BaseN = 1200, HeadN = 1200, Pairs = 1200, Ci95 = [-0.2134, -0.1871], PValue = 0.0004, Change = "worse" },
            ["token_f1"] = new() { BaseMean = 0.6, HeadMean = 0.61, Delta = 0.01, BaseN = 40, HeadN = 40, Pairs = 40, Ci95 = [-0.02, 0.04], PValue = 0.4123, Change = "none" },
            ["exact_match"] = new() { BaseMean = 1, HeadMean = 0, Delta = -1, BaseN = 3, HeadN = 3, Pairs = 3, Ci95 = [-1, -1], PValue = 0.25, Change = "inconclusive" },
        };

        ComparisonReport.Write(console, Comparison with { Metrics = metrics, Regressions = [] }, limit: 20);

        var lines = console.Output.Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"answer_correctness\s+│\s+1,200\s+│\s+-0\.213\.\.-0\.187\s+│\s+<0\.001\s+│\s+worse"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"token_f1\s+│\s+40\s+│\s+-0\.020\.\.\+0\.040\s+│\s+0\.412\s+│\s+within noise"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"exact_match\s+│\s+3\s+│.*inconclusive"));
    }

    [Fact]
    public void Write_OlderServerWithoutSignificance_ShowsOnlyTheMeans()
    {
        var console = new TestConsole().Width(160);

        ComparisonReport.Write(console, Comparison, limit: 20);

        Assert.DoesNotContain("95% interval", console.Output);
    }

    [Fact]
    public void Write_NoRegressions_SaysSo()
    {
        var console = new TestConsole().Width(160);

        ComparisonReport.Write(console, Comparison with { Regressions = [] }, limit: 20);

        Assert.Contains("No sample regressed.", console.Output);
    }

    [Theory]
    [InlineData(0.05, false, "[green]+0.050[/]")]
    [InlineData(-0.05, false, "[red]-0.050[/]")]
    [InlineData(-0.05, true, "[red]▼ -0.050[/]")]
    [InlineData(0.0, true, "[grey]= 0.000[/]")]
    [InlineData(null, true, "-")]
    public void Delta_SignAlwaysCarriesTheDirection(double? delta, bool unicode, string markup)
    {
        Assert.Equal(markup, ComparisonReport.Delta(delta, unicode));
    }
}
