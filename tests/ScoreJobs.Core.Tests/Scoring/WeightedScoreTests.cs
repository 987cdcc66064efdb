namespace ScoreJobs.Scoring;

public sealed class WeightedScoreTests
{
    [Fact]
    public void Compute_SkipsNullScores()
    {
        var scores = new Dictionary<string, double?> { ["a"] = 1.0, ["b"] = 0.25, ["c"] = null };
        var weights = new Dictionary<string, double> { ["a"] = 1, ["b"] = 3, ["c"] = 10 };

        // (1*1 + 3*0.25) / (1+3) = 1.75 / 4
        Assert.Equal(0.4375, WeightedScore.Compute(scores, weights));
    }

    [Fact]
    public void Compute_NothingScored_IsNull()
    {
        var scores = new Dictionary<string, double?> { ["a"] = null };

        Assert.Null(WeightedScore.Compute(scores, new Dictionary<string, double> { ["a"] = 1 }));
    }

    [Fact]
    public void Compute_AllWeightsZero_IsNull()
    {
        var scores = new Dictionary<string, double?> { ["a"] = 0.5 };

        Assert.Null(WeightedScore.Compute(scores, new Dictionary<string, double> { ["a"] = 0 }));
    }
}
