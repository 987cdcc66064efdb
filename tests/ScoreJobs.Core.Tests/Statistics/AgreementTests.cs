namespace ScoreJobs.Statistics;

/// <summary>
/// Expected values worked out by hand (see each comment) for judge = [0.1, 0.4, 0.35, 0.8, 0.9, 0.4] and
/// human = [0, 0.5, 0.5, 1, 0.5, 1], which have ties on both sides.
/// </summary>
public sealed class AgreementTests
{
    private static readonly double[] Judge = [0.1, 0.4, 0.35, 0.8, 0.9, 0.4];
    private static readonly double[] Human = [0, 0.5, 0.5, 1, 0.5, 1];

    [Fact]
    public void Pearson_Example_MatchesHandComputation() =>
        // mean 0.491667 and 0.583333; Sxy 0.2625, Sxx 0.454583, Syy 0.520833: 0.2625 / sqrt(0.454583 * 0.520833)
        Assert.Equal(0.537506, Agreement.Pearson(Judge, Human)!.Value, 5);

    [Fact]
    public void Ranks_Ties_ShareTheirAverageRank()
    {
        Assert.Equal([1, 3.5, 2, 5, 6, 3.5], Agreement.Ranks(Judge));
        Assert.Equal([1, 3, 3, 5.5, 3, 5.5], Agreement.Ranks(Human));
    }

    [Fact]
    public void Spearman_Ties_PearsonOfAverageRanks() =>
        // Pearson of [1, 3.5, 2, 5, 6, 3.5] and [1, 3, 3, 5.5, 3, 5.5]: 10 / sqrt(17.5 * 19)
        Assert.Equal(0.547946, Agreement.Spearman(Judge, Human)!.Value, 5);

    [Fact]
    public void MeanAbsoluteError_Example() =>
        // (0.1 + 0.1 + 0.15 + 0.2 + 0.4 + 0.6) / 6
        Assert.Equal(0.258333, Agreement.MeanAbsoluteError(Judge, Human)!.Value, 5);

    [Fact]
    public void Kappa_AtHalf_MatchesHandComputation()
    {
        var confusion = Agreement.Confuse(Judge, Human, 0.5);

        // Both pass: 0.8/1 and 0.9/0.5; only the human: 0.4/0.5, 0.35/0.5, 0.4/1; neither: 0.1/0.
        Assert.Equal(new Confusion(2, 0, 3, 1), confusion);
        // observed 3/6; chance (2*5 + 4*1) / 36 = 14/36; (0.5 - 0.388889) / (1 - 0.388889) = 2/11
        Assert.Equal(2.0 / 11, Agreement.Kappa(confusion)!.Value, 9);
        Assert.Equal(0.5, Agreement.Accuracy(confusion));
    }

    [Fact]
    public void Kappa_PerfectAgreement_One() =>
        Assert.Equal(1, Agreement.Kappa(Agreement.Confuse([0.9, 0.1, 0.7], [1, 0, 0.6], 0.5))!.Value, 12);

    [Fact]
    public void Figures_FewerThanTwoPairs_AreNullNotZero()
    {
        Assert.Null(Agreement.Pearson([0.5], [1]));
        Assert.Null(Agreement.Spearman([0.5], [1]));
        Assert.Null(Agreement.Kappa(Agreement.Confuse([0.5], [1], 0.5)));
        Assert.Null(Agreement.MeanAbsoluteError([], []));
        Assert.Null(Agreement.Accuracy(default));
        Assert.Null(Agreement.Interval([0.5], [1], Agreement.Spearman));
    }

    [Fact]
    public void Figures_NoVariance_AreNullNotZero()
    {
        double[] flat = [0.7, 0.7, 0.7, 0.7];
        double[] varied = [0.1, 0.4, 0.6, 0.9];

        Assert.Null(Agreement.Pearson(flat, varied));
        Assert.Null(Agreement.Spearman(varied, flat));
        // Every judge and every human verdict is "pass": chance agreement is 1, kappa undefined.
        Assert.Null(Agreement.Kappa(Agreement.Confuse(flat, [0.8, 0.9, 0.6, 1], 0.5)));
        // (0.6 + 0.3 + 0.1 + 0.2) / 4
        Assert.Equal(0.3, Agreement.MeanAbsoluteError(flat, varied)!.Value, 12);
    }

    [Fact]
    public void Interval_SameData_SameIntervalAroundTheFigure()
    {
        var judge = Enumerable.Range(0, 60).Select(i => (i % 10) / 10.0).ToArray();
        var human = judge.Select((s, i) => Math.Clamp(s + ((i % 3) - 1) * 0.15, 0, 1)).ToArray();

        var first = Agreement.Interval(judge, human, Agreement.Spearman)!;
        var second = Agreement.Interval(judge, human, Agreement.Spearman)!;

        Assert.Equal(first, second);
        var spearman = Agreement.Spearman(judge, human)!.Value;
        Assert.True(first[0] < spearman && spearman < first[1], $"{first[0]} < {spearman} < {first[1]}");
        Assert.True(first[1] <= 1);
    }
}
