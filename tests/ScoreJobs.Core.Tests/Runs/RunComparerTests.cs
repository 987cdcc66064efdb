using ScoreJobs.Judge;
using ScoreJobs.Records;

namespace ScoreJobs.Runs;

public sealed class RunComparerTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(string id, double mean, long n) => new()
    {
        RunId = id,
        Status = RunStatus.Completed,
        CreatedAt = Created,
        Samples = (int)n,
        Counts = new RunCounts(0, 0, n, 0, 0),
        Usage = TokenUsage.Zero,
        Aggregates = new Dictionary<string, RunAggregate> { ["token_f1"] = new() { N = n, Mean = mean } },
    };

    private static List<JobListItem> Jobs(string runId, IEnumerable<double?> scores) => [.. scores.Select((score, i) => new JobListItem
    {
        JobId = $"{runId}{i:D6}",
        Status = JobStatus.Completed,
        CreatedAt = Created,
        RequestSummary = new RequestSummary { Question = "q" },
        Scores = new Dictionary<string, double?> { ["token_f1"] = score },
        RunId = runId,
        SampleId = $"s{i}",
    })];

    private static MetricDelta Compare(double?[] baseScores, double?[] headScores, double minDelta = 0)
    {
        var comparison = RunComparer.Compare(Run("base", 0, baseScores.Length), Run("head", 0, headScores.Length),
            Jobs("base", baseScores), Jobs("head", headScores), margin: 0.1, minDelta);
        return comparison.Metrics["token_f1"];
    }

    [Fact]
    public void Compare_RunWithItself_NoChangeWithAnIntervalAroundZero()
    {
        var scores = Enumerable.Range(0, 30).Select(i => (double?)(i % 7 / 7.0)).ToArray();

        var delta = Compare(scores, scores);

        Assert.Equal(ComparisonChange.None, delta.Change);
        Assert.Equal(30, delta.Pairs);
        Assert.Equal([0.0, 0.0], delta.Ci95);
        Assert.Equal(1, delta.PValue);
    }

    [Fact]
    public void Compare_EverySampleFell_Worse()
    {
        var baseScores = Enumerable.Range(0, 20).Select(i => (double?)(0.6 + (i % 4 / 10.0))).ToArray();
        var headScores = baseScores.Select((s, i) => s - 0.2 + (i % 3 / 100.0)).ToArray();

        var delta = Compare(baseScores, headScores);

        Assert.Equal(ComparisonChange.Worse, delta.Change);
        Assert.True(delta.Ci95![1] < 0, string.Join("..", delta.Ci95));
        Assert.True(delta.PValue < 0.01);
    }

    [Fact]
    public void Compare_EverySampleRose_Better()
    {
        var baseScores = Enumerable.Range(0, 12).Select(i => (double?)(0.3 + (i % 3 / 10.0))).ToArray();

        var delta = Compare(baseScores, [.. baseScores.Select(s => s + 0.1)]);

        Assert.Equal(ComparisonChange.Better, delta.Change);
    }

    [Fact]
    public void Compare_RealButSmallerThanMinDelta_None()
    {
        var baseScores = Enumerable.Range(0, 20).Select(_ => (double?)0.8).ToArray();

        var delta = Compare(baseScores, [.. baseScores.Select(s => s - 0.02)], minDelta: 0.05);

        Assert.Equal(ComparisonChange.None, delta.Change);
        Assert.True(delta.Ci95![1] < 0);
    }

    [Fact]
    public void Compare_FewerThanTenPairs_Inconclusive()
    {
        double?[] baseScores = [1, 1, 1, 1, 1, 1, 1, 1, 1];

        var delta = Compare(baseScores, [0, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(ComparisonChange.Inconclusive, delta.Change);
        Assert.Equal(9, delta.Pairs);
    }

    [Fact]
    public void Compare_ScoreMissingOnOneSide_NotAPair()
    {
        var baseScores = Enumerable.Range(0, 12).Select(_ => (double?)0.5).ToArray();
        var headScores = baseScores.Select((s, i) => i < 3 ? null : s).ToArray();

        var delta = Compare(baseScores, headScores);

        Assert.Equal(9, delta.Pairs);
        Assert.Equal(ComparisonChange.Inconclusive, delta.Change);
    }

    [Fact]
    public void Compare_NoPairs_NoIntervalAndInconclusive()
    {
        var delta = Compare([0.5], [null]);

        Assert.Equal(0, delta.Pairs);
        Assert.Null(delta.Ci95);
        Assert.Null(delta.PValue);
        Assert.Equal(ComparisonChange.Inconclusive, delta.Change);
    }
}
