using ScoreJobs.Metrics.Judged;

namespace ScoreJobs.Judge;

public sealed class JudgeReplyParserTests
{
    [Theory]
    [InlineData("""{"reason": "Good.", "rating": 7}""")]
    [InlineData("```json\n{\"reason\": \"Good.\", \"rating\": 7}\n```")]
    [InlineData("```\n{\"reason\": \"Good.\", \"rating\": 7}\n```")]
    [InlineData("Here is my verdict:\n\n```json\n{\"reason\": \"Good.\", \"rating\": 7}\n```\nLet me know if you need more.")]
    [InlineData("Sure! {\"reason\": \"Good.\", \"rating\": 7} I hope this helps.")]
    [InlineData("<think>The user wants {a rating}. Maybe 3?</think>\n{\"reason\": \"Good.\", \"rating\": 7}")]
    [InlineData("{\"Reason\": \"Good.\", \"Rating\": 7, /* sure */ }")]
    [InlineData("{\"reason\": \"Good.\", \"rating\": 7, \"confidence\": \"high\"}")]
    [InlineData("[{\"reason\": \"Good.\", \"rating\": 7}]")]
    public void TryParse_JsonInWhateverWrapping_ReadsTheVerdict(string reply)
    {
        var parsed = JudgeReplyParser.TryParse(reply, JudgeReplyJsonContext.Default.QualityReply, out var value, out var error);

        Assert.True(parsed, error);
        Assert.Equal(new OverallQualityMetric.QualityReply("Good.", 7), value);
    }

    [Fact]
    public void TryParse_FirstObjectInvalidSecondValid_ReadsTheValidOne()
    {
        var reply = """The format is {"reason": string, "rating": number}. My answer: {"reason": "Good.", "rating": 7}""";

        var parsed = JudgeReplyParser.TryParse(reply, JudgeReplyJsonContext.Default.QualityReply, out var value, out _);

        Assert.True(parsed);
        Assert.Equal(7, value!.Rating);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("I would rate this answer seven out of ten.", "no JSON object")]
    [InlineData("{\"reason\": \"Good.\", \"rating\": ", "not valid JSON")]
    [InlineData("[7, 8]", "no JSON object")]
    public void TryParse_NoUsableJson_FailsSayingWhy(string reply, string expected)
    {
        var parsed = JudgeReplyParser.TryParse(reply, JudgeReplyJsonContext.Default.QualityReply, out var value, out var error);

        Assert.False(parsed);
        Assert.Null(value);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"reason": "Good.", "rating": "seven"}""", "rating")]
    [InlineData("""{"reason": "Good."}""", "rating")]
    [InlineData("""{"reason": null, "rating": 7}""", "reason")]
    [InlineData("""{"verdicts": [{"id": 1, "reason": "x", "verdict": "yes"}]}""", "verdict")]
    public void TryParse_WrongTypesOrMissingFields_FailsAsWrongShape(string reply, string field)
    {
        var parsed = reply.Contains("verdicts", StringComparison.Ordinal)
            ? JudgeReplyParser.TryParse(reply, JudgeReplyJsonContext.Default.ItemVerdictsReply, out _, out var error)
            : JudgeReplyParser.TryParse(reply, JudgeReplyJsonContext.Default.QualityReply, out _, out error);

        Assert.False(parsed);
        Assert.Contains("wrong shape", error, StringComparison.Ordinal);
        Assert.Contains(field, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_OptionalSummaryMissing_Reads()
    {
        var parsed = JudgeReplyParser.TryParse("""{"verdicts": [{"id": 1, "reason": null, "verdict": 1}]}""",
            JudgeReplyJsonContext.Default.ItemVerdictsReply, out var value, out var error);

        Assert.True(parsed, error);
        Assert.Null(value!.Reason);
        Assert.Equal(1, Assert.Single(value.Verdicts).Verdict);
    }
}
