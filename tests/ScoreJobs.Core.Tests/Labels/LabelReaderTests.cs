using System.Text;
using ScoreJobs.Requests;

namespace ScoreJobs.Labels;

public sealed class LabelReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static (JobLabel? Label, RequestErrors Errors) Read(string body, string rater = "alice@example.com")
    {
        var errors = new RequestErrors();
        var label = LabelReader.Read(Encoding.UTF8.GetBytes(body), rater, name => name is "faithfulness" or "weighted_score", Now, errors);
        return (label, errors);
    }

    [Fact]
    public void Read_AllParts_ReadsThem()
    {
        var (label, errors) = Read("""{"scores": {"faithfulness": 0.25, "weighted_score": 1}, "rating": "good", "note": "  漏掉了退款政策  "}""");

        Assert.True(errors.IsEmpty, errors.ToString());
        Assert.Equal("alice@example.com", label!.Rater);
        Assert.Equal(0.25, label.Scores!["faithfulness"]);
        Assert.Equal("good", label.Rating);
        Assert.Equal("漏掉了退款政策", label.Note);
        Assert.Equal(Now, label.UpdatedAt);
    }

    [Theory]
    [InlineData("like", "good")]
    [InlineData("dislike", "bad")]
    [InlineData("Bad", "bad")]
    public void Read_DifyFeedbackWords_AreGoodAndBad(string rating, string expected) =>
        Assert.Equal(expected, Read($$"""{"rating": "{{rating}}"}""").Label!.Rating);

    [Theory]
    [InlineData("""{"scores": {"faithfulness": 1.5}}""", "scores.faithfulness", "from 0 to 1")]
    [InlineData("""{"scores": {"faithfulnes": 0.5}}""", "scores.faithfulnes", "is not a metric")]
    [InlineData("""{"scores": [0.5]}""", "scores", "object")]
    [InlineData("""{"rating": "meh"}""", "rating", "\"good\" or \"bad\"")]
    [InlineData("""{"note": "a\u001b[2Jb"}""", "note", "control characters")]
    [InlineData("""{}""", "body", "at least one of scores, rating or note")]
    [InlineData("""{"note": "   "}""", "body", "at least one")]
    [InlineData("""not json""", "body", "not valid JSON")]
    public void Read_BadLabel_NamesTheField(string body, string field, string message)
    {
        var (label, errors) = Read(body);

        Assert.Null(label);
        var messages = errors.ToDictionary()[field];
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("../x")]
    [InlineData("名字")]
    public void Read_BadRater_NamesTheRater(string rater) =>
        Assert.True(Read("""{"rating": "good"}""", rater).Errors.ToDictionary().ContainsKey("rater"));

    [Fact]
    public void RaterProblem_SixtyFiveCharacters_IsAProblem()
    {
        Assert.Null(LabelReader.RaterProblem(new string('a', 64)));
        Assert.NotNull(LabelReader.RaterProblem(new string('a', 65)));
    }
}
