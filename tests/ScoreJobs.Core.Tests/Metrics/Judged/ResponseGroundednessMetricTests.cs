using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class ResponseGroundednessMetricTests
{
    [Fact]
    public async Task ScoreAsync_RatedTwoThenOneSwapped_AveragesOverTwo()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => r.ReplyFormat switch
        {
            "response_groundedness_rating" => FakeResponse.Chat("""{"reason": "All of it is in the contexts.", "rating": 2}"""),
            "response_groundedness_rating_swapped" => FakeResponse.Chat("""{"reason": "The river is not backed up.", "rating": 1}"""),
            _ => null,
        };

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricStatus.Ok, result.Status);
        Assert.Equal(0.75, result.Score);
        Assert.Equal("2/2 and 1/2 swapped: All of it is in the contexts.", result.Reason);
        Assert.Equal("response_groundedness/v1", result.PromptVersion);
        Assert.Equal(2, result.Usage!.JudgeCalls);
        // The roles swap: first the answer is the text under review, then the contexts come first as passages and the answer is what they must bear out.
        var first = server.ChatRequests.Single(r => r.ReplyFormat == "response_groundedness_rating").UserMessage;
        var swapped = server.ChatRequests.Single(r => r.ReplyFormat == "response_groundedness_rating_swapped").UserMessage;
        Assert.Contains("<response>", first, StringComparison.Ordinal);
        Assert.True(swapped.IndexOf("<passages>", StringComparison.Ordinal) < swapped.IndexOf("<assertion>", StringComparison.Ordinal));
        Assert.Equal(3, server.ChatRequests.Single(r => r.ReplyFormat == "response_groundedness_rating_swapped").CountNumbered("passage"));
    }

    [Fact]
    public async Task ScoreAsync_OneRatingOutOfRange_TheOtherStandsAloneAndSaysSo()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = r => FakeResponse.Chat(r.ReplyFormat == "response_groundedness_rating"
            ? """{"reason": "r", "rating": 7}"""
            : """{"reason": "Nothing of it is backed up.", "rating": 0}""");

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0, result.Score);
        Assert.StartsWith("0/2 (the other rating was unusable)", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_BothRatingsUnusable_FailsAsParseKeepingTheReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Responder = _ => FakeResponse.Chat("""{"reason": "r", "rating": 3}""");

        var result = await CreateSut(server).ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(result.Score);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("rating 3 is not 0, 1 or 2", result.Error, StringComparison.Ordinal);
        Assert.NotNull(result.RawReply);
    }

    private static ResponseGroundednessMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new ResponseGroundednessMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(),
            NullLogger<ResponseGroundednessMetric>.Instance);
    }
}
