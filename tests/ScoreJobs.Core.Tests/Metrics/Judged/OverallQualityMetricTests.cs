using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Records;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Json;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class OverallQualityMetricTests
{
    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(7, 6 / 9.0)]
    [InlineData(10, 1.0)]
    public async Task ScoreAsync_Rating_NormalisedAsRatingMinusOneOverNine(double rating, double expected)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat($$"""{"reason": "Correct but terse.", "rating": {{rating}}}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(expected, result.Score!.Value, 6);
        Assert.Equal($"{rating}/10: Correct but terse.", result.Reason);
        Assert.Equal("overall_quality/v1", result.PromptVersion);
    }

    [Fact]
    public async Task ScoreAsync_JapaneseReason_KeptAsTheJudgeWroteIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"reason": "正確で簡潔な回答です。", "rating": 9}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Question = "フランスの首都は？", Answer = "パリです。" }, CancellationToken.None);

        Assert.Equal("9/10: 正確で簡潔な回答です。", result.Reason);
        Assert.Contains("in the language of the material you are given", server.ChatRequests[0].SystemMessage, StringComparison.Ordinal);
        Assert.Equal("フランスの首都は？", server.ChatRequests[0].Tagged("question"));
    }

    [Fact]
    public async Task ScoreAsync_JudgeModelInTheRequest_AsksThatModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"reason": "Fine.", "rating": 8}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(judgeModel: "gpt-other"), CancellationToken.None);

        Assert.Equal("gpt-other", server.ChatRequests[0].Model);
        Assert.Equal("gpt-other", result.Model);
    }

    [Theory]
    [InlineData("```json\n{\"reason\": \"Fine.\", \"rating\": 8}\n```")]
    [InlineData("After careful review, here is my assessment: {\"reason\": \"Fine.\", \"rating\": 8} Thank you.")]
    public async Task ScoreAsync_JsonWrappedInFencesOrProse_Scores(string reply)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(reply);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(7 / 9.0, result.Score!.Value, 6);
    }

    [Theory]
    [InlineData("I'd give it an eight.", "no JSON object")]
    [InlineData("""{"reason": "Fine.", "rating": "eight"}""", "wrong shape")]
    [InlineData("""{"reason": "Fine.", "rating": 0}""", "outside 1-10")]
    public async Task ScoreAsync_UnusableReply_NullScoreWithParseErrorAndRawReply(string reply, string expected)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(reply);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(result.Score);
        Assert.Equal(MetricStatus.Failed, result.Status);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal(reply, result.RawReply);
        Assert.Equal(1, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_HugeGarbageReply_RawReplyClipped()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(new string('x', 50_000));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.InRange(result.RawReply!.Length, 1000, JudgeMetric.MaxRawReplyChars + 1);
    }

    [Fact]
    public async Task ScoreAsync_KeyRejected_RecordCarriesNoSecret()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(401, "Incorrect API key provided: sk-proj-secret-0123456789."));
        var options = TestJudge.Options(server);
        options.ApiKey = "sk-proj-secret-0123456789";
        var sut = new OverallQualityMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<OverallQualityMetric>.Instance);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Auth, result.ErrorKind);
        var json = JsonSerializer.Serialize(result, RecordJsonContext.Default.MetricResult);
        Assert.DoesNotContain("secret", json, StringComparison.Ordinal);
        Assert.Contains("\"error_kind\":\"auth\"", json, StringComparison.Ordinal);
    }

    private static OverallQualityMetric CreateSut(FakeOpenAIServer server)
    {
        var options = TestJudge.Options(server);
        return new OverallQualityMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<OverallQualityMetric>.Instance);
    }
}
