namespace ScoreJobs.Statistics;

public sealed class AgreementBootstrapTests
{
    private static (double[] Judge, double[] Human) Pairs(int n, int seed)
    {
        var random = new Random(seed);
        var judge = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
        var human = judge.Select(j => Math.Clamp(Math.Round(j + ((random.NextDouble() - 0.5) * 0.6), 1), 0, 1)).ToArray();
        return (judge, human);
    }

    // The bootstrap's intervals at the threshold 0.5 against the brute force over as many resamples as it draws.
    private static void AssertEqualToTheBruteForceBootstrap(double[] judge, double[] human)
    {
        var (spearman, kappa) = AgreementBootstrap.Intervals(judge, human, 0.5);

        var resamples = AgreementBootstrap.ResamplesFor(judge.Length);
        var bruteSpearman = Agreement.Interval(judge, human, Agreement.Spearman, resamples)!;
        var bruteKappa = Agreement.Interval(judge, human, (x, y) => Agreement.Kappa(Agreement.Confuse(x, y, 0.5)), resamples)!;
        Assert.Equal(bruteSpearman[0], spearman![0], 1e-9);
        Assert.Equal(bruteSpearman[1], spearman[1], 1e-9);
        Assert.Equal(bruteKappa[0], kappa![0], 1e-9);
        Assert.Equal(bruteKappa[1], kappa[1], 1e-9);
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(200, 2)]
    public void Intervals_WithTies_EqualTheBruteForceBootstrapOverTheSameResamples(int n, int seed)
    {
        // The same seed draws the same resamples; the brute force re-sorts each one, the bootstrap counts.
        var (judge, human) = Pairs(n, seed);

        var (spearman, kappa) = AgreementBootstrap.Intervals(judge, human, 0.5);

        var bruteSpearman = Agreement.Interval(judge, human, Agreement.Spearman)!;
        var bruteKappa = Agreement.Interval(judge, human, (x, y) => Agreement.Kappa(Agreement.Confuse(x, y, 0.5)))!;
        Assert.Equal(bruteSpearman[0], spearman![0], 1e-9);
        Assert.Equal(bruteSpearman[1], spearman[1], 1e-9);
        Assert.Equal(bruteKappa[0], kappa![0], 1e-9);
        Assert.Equal(bruteKappa[1], kappa[1], 1e-9);
    }

    [Fact]
    public void Intervals_ManyPairsOnTwoThreads_EqualTheBruteForceBootstrap()
    {
        // Above 20,000 pairs the resamples are shared between two threads; each draws from its own stream.
        var (judge, human) = Pairs(30_000, 3);

        AssertEqualToTheBruteForceBootstrap(judge, human);
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(30_000)]
    public void Intervals_MostPairsDistinct_EqualTheBruteForceBootstrap(int n)
    {
        // Judge scores to four places, as the bench's: nearly every pair is alone in its cell, so each position counts apart.
        var random = new Random(n);
        var judge = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 4)).ToArray();
        var human = judge.Select(j => Math.Clamp(Math.Round(j + ((random.NextDouble() - 0.5) * 0.6), 2), 0, 1)).ToArray();

        AssertEqualToTheBruteForceBootstrap(judge, human);
    }

    [Fact]
    public void Intervals_SamePairsInAnotherOrder_SameIntervals()
    {
        var (judge, human) = Pairs(500, 4);
        var shuffled = Enumerable.Range(0, judge.Length).OrderBy(i => (i * 7919) % judge.Length).ToArray();

        var first = AgreementBootstrap.Intervals(judge, human, 0.5);
        var again = AgreementBootstrap.Intervals(judge, human, 0.5);
        var reordered = AgreementBootstrap.Intervals([.. shuffled.Select(i => judge[i])], [.. shuffled.Select(i => human[i])], 0.5);

        Assert.Equal(first.Spearman, again.Spearman);
        Assert.Equal(first.Kappa, again.Kappa);
        Assert.Equal(first.Spearman, reordered.Spearman);
        Assert.Equal(first.Kappa, reordered.Kappa);
    }

    [Fact]
    public void Intervals_KnownPopulationKappa_CoveredNearlyAlways()
    {
        // Judge passes half the time and people agree with it 80 % of the time: kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6.
        // A 95 % interval should hold it in about 38 of 40 samples; fewer than 35 would mean the intervals are too narrow
        // or off centre (each sample is seeded, so this is the same 40 samples every run).
        var covered = 0;
        for (var sample = 0; sample < 40; sample++)
        {
            var random = new Random(100 + sample);
            var judge = Enumerable.Range(0, 400).Select(_ => random.NextDouble() < 0.5 ? 1.0 : 0.0).ToArray();
            var human = judge.Select(j => random.NextDouble() < 0.8 ? j : 1 - j).ToArray();

            var kappa = AgreementBootstrap.Intervals(judge, human, 0.5).Kappa!;

            if (kappa[0] <= 0.6 && 0.6 <= kappa[1]) covered++;
        }

        Assert.InRange(covered, 35, 40);
    }

    [Fact]
    public void Intervals_FewerThanTwoPairsOrAConstantJudge_NullRhoWhereUndefined()
    {
        Assert.Equal((null, null), AgreementBootstrap.Intervals([0.5], [1], 0.5));

        var (spearman, kappa) = AgreementBootstrap.Intervals([1, 1, 1, 1], [0.1, 0.9, 0.4, 0.7], 0.5);

        // A judge that passes everything has no rank correlation; its kappa is defined and is chance, 0.
        Assert.Null(spearman);
        Assert.Equal([0.0, 0.0], kappa!);
    }

    [Theory]
    [InlineData(5_000, 1000)]
    [InlineData(100_000, 50)]
    [InlineData(10_000_000, 50)]
    public void ResamplesFor_ManyPairs_FewerResamplesNeverBelowFifty(int n, int expected) =>
        Assert.Equal(expected, AgreementBootstrap.ResamplesFor(n));
}
