namespace ScoreJobs.Statistics;

public sealed class PairedDifferenceTests
{
    [Fact]
    public void Test_NoPairs_IsNull() => Assert.Null(PairedDifference.Test([]));

    [Fact]
    public void Test_AllDeltasZero_IntervalIsZeroAndPValueOne()
    {
        var test = PairedDifference.Test(Enumerable.Repeat(0.0, 25).ToList())!.Value;

        Assert.Equal(25, test.N);
        Assert.Equal(0, test.Mean);
        Assert.Equal(0, test.Low);
        Assert.Equal(0, test.High);
        Assert.Equal(1, test.PValue);
        Assert.False(test.ExcludesZero);
    }

    [Fact]
    public void Test_ConsistentFall_IntervalBelowZeroAndSmallPValue()
    {
        // Every sample fell by 0.10 to 0.14: no sign flip comes near a mean of -0.12.
        var deltas = Enumerable.Range(0, 30).Select(i => -0.10 - (0.01 * (i % 5))).ToList();

        var test = PairedDifference.Test(deltas)!.Value;

        Assert.Equal(-0.12, test.Mean, 9);
        Assert.True(test.High < 0, $"{test.Low}..{test.High}");
        Assert.True(test.Low >= -0.14 && test.High <= -0.10, $"{test.Low}..{test.High}");
        Assert.True(test.ExcludesZero);
        Assert.Equal(1.0 / (PairedDifference.Resamples + 1), test.PValue, 12);
    }

    [Fact]
    public void Test_SymmetricNoise_IntervalHoldsZeroAndPValueLarge()
    {
        var deltas = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 0.2 : -0.2).ToList();

        var test = PairedDifference.Test(deltas)!.Value;

        Assert.Equal(0, test.Mean, 12);
        Assert.True(test.Low < 0 && test.High > 0, $"{test.Low}..{test.High}");
        Assert.True(test.PValue > 0.9, test.PValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Test_SameDeltasTwice_SameFigures()
    {
        var deltas = Enumerable.Range(0, 50).Select(i => Math.Sin(i) / 5).ToList();

        Assert.Equal(PairedDifference.Test(deltas), PairedDifference.Test(deltas));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 2.5)]
    [InlineData(0.25, 1.75)]
    [InlineData(1.0, 4.0)]
    public void Percentile_BetweenRanks_Interpolates(double q, double expected) =>
        // numpy.percentile([1, 2, 3, 4], 25) == 1.75
        Assert.Equal(expected, PairedDifference.Percentile([1, 2, 3, 4], q), 12);
}
