using ScoreJobs.Judge;
using ScoreJobs.Rubrics;

namespace ScoreJobs.Metrics.Judged;

public sealed class RubricScoreWeightingTests
{
    [Fact]
    public void WeightedAnswer_FourAtSixtyFiveAtForty_FourPointFour()
    {
        var tokens = Reply("4", ("4", 0.6), ("5", 0.4));

        Assert.Equal(4.4, RubricScoreWeighting.WeightedAnswer(tokens, RubricScale.OneToFive, 4)!.Value, 9);
    }

    [Fact]
    public void WeightedAnswer_AlternativesOffTheScale_RenormalisedOverTheOthers()
    {
        var tokens = Reply("1", ("1", 0.5), ("0", 0.3), ("7", 0.1), ("\"", 0.1));

        // Binary: 1 at 0.5 and 0 at 0.3, the 7 and the quote left out: 0.5 / 0.8.
        Assert.Equal(0.625, RubricScoreWeighting.WeightedAnswer(tokens, RubricScale.Binary, 1)!.Value, 9);
    }

    [Fact]
    public void WeightedAnswer_TokenDisagreesWithThePlainAnswer_Null()
    {
        // "10" split as "1" + "0": the token at the score reads 1, the answer is 10.
        var tokens = Reply("1", ("1", 0.9), ("2", 0.1));

        Assert.Null(RubricScoreWeighting.WeightedAnswer(tokens, RubricScale.OneToTen, 10));
    }

    [Fact]
    public void WeightedAnswer_NoScoreProperty_Null()
    {
        JudgeTokenLogprob[] tokens = [new("{\"rating\": ", 0, []), new("4", 0, [("4", 0)]), new("}", 0, [])];

        Assert.Null(RubricScoreWeighting.WeightedAnswer(tokens, RubricScale.OneToFive, 4));
    }

    private static JudgeTokenLogprob[] Reply(string score, params (string Token, double Probability)[] top) =>
    [
        new("{\"reason\": \"Polite.\", \"score\": ", 0, []),
        new(score, Math.Log(top.First(t => t.Token == score).Probability), [.. top.Select(t => (t.Token, Math.Log(t.Probability)))]),
        new("}", 0, []),
    ];
}
