using ScoreJobs.Index;

namespace ScoreJobs.Runs;

public sealed class RunStatisticsTests
{
    [Fact]
    public void FromScores_KnownValues_NumpyStyleQuantilesSampleStdevAndPassRate()
    {
        var aggregate = RunStatistics.FromScores([0.2, 0.4, 0.6, 0.8, 1.0], threshold: 0.6);

        Assert.Equal(5, aggregate.N);
        Assert.Equal(0.6, aggregate.Mean);
        Assert.Equal(0.6, aggregate.Median);
        Assert.Equal(0.28, aggregate.P10!.Value, 6); // 0.2 + 0.4 * (0.4 - 0.2)
        Assert.Equal(0.2, aggregate.Min);
        Assert.Equal(1.0, aggregate.Max);
        Assert.Equal(Math.Sqrt(0.1), aggregate.Stdev!.Value, 6);
        Assert.Equal(0.6, aggregate.PassRate); // 0.6, 0.8 and 1.0 meet 0.6
        Assert.True(aggregate.Passed);
    }

    [Fact]
    public void Aggregate_ScoresTakenOutAgain_SameAsNeverAdded()
    {
        var tally = new MetricTally();
        foreach (var s in new[] { 0.1, 0.35, 0.9 }) tally.Apply(s, +1);
        tally.Apply(0.35, -1);

        Assert.Equal(RunStatistics.FromScores([0.1, 0.9], null), RunStatistics.Aggregate(tally, null));
    }

    [Fact]
    public void Aggregate_MeanBelowThreshold_NotPassed_AndNoScoresIsNotPassedEither()
    {
        Assert.False(RunStatistics.FromScores([0.5, 0.7], threshold: 0.61).Passed);
        Assert.True(RunStatistics.FromScores([0.5, 0.7], threshold: 0.6).Passed);
        var none = RunStatistics.Aggregate(null, 0.5);
        Assert.Equal(0, none.N);
        Assert.Null(none.Mean);
        Assert.False(none.Passed);
        Assert.Null(RunStatistics.Aggregate(null, null).Passed);
    }

    [Fact]
    public void Aggregate_SingleScore_HasNoStdevAndBinsRoundDown()
    {
        var aggregate = RunStatistics.FromScores([0.83339], threshold: null);

        Assert.Null(aggregate.Stdev);
        Assert.Equal(0.833, aggregate.Median);
        Assert.Equal(0.83339, aggregate.Mean);
        Assert.Null(aggregate.PassRate);
    }
}
