using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Judge;
using ScoreJobs.Rubrics;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class RubricMetricTests
{
    private static readonly RubricDefinition Politeness = new()
    {
        Name = "politeness", Criteria = "Is the answer polite?", Steps = ["Look at the tone."], Scale = RubricScale.OneToFive,
    };

    [Theory]
    [InlineData("binary", 1, 1.0)]
    [InlineData("1-5", 4, 0.75)]
    [InlineData("1-10", 7, 6 / 9.0)]
    public async Task ScoreAsync_PlainAnswer_NormalisedWithRawScaleAndPromptVersion(string kind, int answer, double expected)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat($$"""{"reason": "Courteous throughout.", "score": {{answer}}}""");
        var rubric = Politeness with { Scale = RubricScale.Named.Single(s => s.Kind == kind) };
        var sut = CreateSut(server, rubric);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(expected, result.Score!.Value, 9);
        Assert.Equal(answer, result.Raw!.Value.GetDouble());
        Assert.Same(rubric.Scale, result.Scale);
        Assert.Equal("plain", result.Scoring);
        Assert.Equal(rubric.PromptVersion, result.PromptVersion);
        Assert.EndsWith("Courteous throughout.", result.Reason, StringComparison.Ordinal);
        Assert.Contains("Is the answer polite?", server.ChatRequests[0].SystemMessage, StringComparison.Ordinal);
        Assert.Contains("1. Look at the tone.", server.ChatRequests[0].SystemMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_ChineseCriteriaAndLabels_RawIsTheLabel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"reason": "语气礼貌，但没有说明退款政策。", "score": 2}""");
        var rubric = Politeness with { Name = "tone_zh", Criteria = "回答是否礼貌，且从不承诺退款？", Scale = RubricScale.FromLabels(["差", "中", "好"]) };
        var sut = CreateSut(server, rubric);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Question = "我能退款吗？", Answer = "您好，请联系客服。" }, CancellationToken.None);

        Assert.Equal(0.5, result.Score!.Value, 9);
        Assert.Equal("中", result.Raw!.Value.GetString());
        Assert.Contains("语气礼貌", result.Reason, StringComparison.Ordinal);
        Assert.Contains("1 = 差; 2 = 中; 3 = 好", server.ChatRequests[0].SystemMessage, StringComparison.Ordinal);
        Assert.Contains("回答是否礼貌，且从不承诺退款？", server.ChatRequests[0].SystemMessage, StringComparison.Ordinal);
        Assert.Equal("我能退款吗？", server.ChatRequests[0].Tagged("question"));
    }

    [Fact]
    public async Task ScoreAsync_EndpointReturnsLogprobs_ScoreWeightedByProbability()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.ChatWithScoreLogprobs("Mostly polite.", "4", ("4", 0.6), ("5", 0.3), ("3", 0.1)));
        var sut = CreateSut(server, Politeness);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        // 4*0.6 + 5*0.3 + 3*0.1 = 4.2 on 1-5: (4.2 - 1) / 4.
        Assert.Equal(0.8, result.Score!.Value, 6); // the SDK reads log-probabilities as float
        Assert.Equal("logprob_weighted", result.Scoring);
        Assert.Equal(4, result.Raw!.Value.GetDouble());
        var sent = server.ChatRequests[0].Json;
        Assert.True(sent.GetProperty("logprobs").GetBoolean());
        Assert.Equal(RubricMetric.TopLogprobs, sent.GetProperty("top_logprobs").GetInt32());
    }

    [Fact]
    public async Task ScoreAsync_EndpointRejectsLogprobs_AsksAgainWithoutAndScoresPlain()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(400, "This model does not support logprobs.", param: "logprobs"));
        server.EnqueueChat("""{"reason": "Polite.", "score": 5}""");
        var sut = CreateSut(server, Politeness);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1.0, result.Score!.Value, 9);
        Assert.Equal("plain", result.Scoring);
        Assert.False(server.ChatRequests[1].Json.TryGetProperty("logprobs", out _));
    }

    [Fact]
    public async Task ScoreAsync_NoSteps_WrittenOnceFromTheCriteriaAndKept()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        var rubric = Politeness with { Steps = null, Criteria = $"Is the answer polite? ({Guid.NewGuid():N})" };
        var sut = CreateSut(server, rubric);

        var first = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);
        var second = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Answer = "Another answer." }, CancellationToken.None);

        Assert.Equal(["rubric_steps", "rubric_rating", "rubric_rating"], server.ChatRequests.Select(r => r.ReplyFormat));
        Assert.Equal(rubric.Criteria, server.ChatRequests[0].Tagged("criteria"));
        Assert.Contains("1. Read the question and the answer.", server.ChatRequests[2].SystemMessage, StringComparison.Ordinal);
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal((2, 1.0), (first.Usage!.JudgeCalls, first.Score!.Value));
    }

    [Fact]
    public async Task ScoreAsync_TwoJobsAtOnceNoSteps_StepsWrittenOnceForBoth()
    {
        // The judge takes its time, so the second job starts while the first is still waiting for the steps.
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true, Latency = TimeSpan.FromMilliseconds(300) });
        var rubric = Politeness with { Steps = null, Criteria = $"Is the answer polite? ({Guid.NewGuid():N})" };
        var sut = CreateSut(server, rubric);

        var results = await Task.WhenAll(
            sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None).AsTask(),
            sut.ScoreAsync(TestJudge.ScoreRequest() with { Answer = "Another answer." }, CancellationToken.None).AsTask());

        Assert.Equal(1, server.ChatRequests.Count(r => r.ReplyFormat == "rubric_steps"));
        Assert.Equal(results[0].Steps, results[1].Steps);
        Assert.Equal(3, results.Sum(r => r.Usage!.JudgeCalls));
    }

    [Fact]
    public async Task ScoreAsync_AnswerOffTheScale_ParseFailureWithRawReply()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        const string reply = """{"reason": "Very polite.", "score": 9}""";
        server.EnqueueChat(reply);
        var sut = CreateSut(server, Politeness);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(result.Score);
        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("not on the scale 1-5", result.Error, StringComparison.Ordinal);
        Assert.Equal(reply, result.RawReply);
    }

    [Fact]
    public async Task ScoreAsync_NeedsOnlyQuestionAndAnswer_ContextsNotSent()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"reason": "Polite.", "score": 5}""");
        var sut = CreateSut(server, Politeness);

        await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Null(server.ChatRequests[0].Tagged("contexts"));
        Assert.NotNull(server.ChatRequests[0].Tagged("answer"));
    }

    private static RubricMetric CreateSut(FakeOpenAIServer server, RubricDefinition rubric)
    {
        var options = TestJudge.Options(server);
        return new RubricMetric(rubric, TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger.Instance);
    }
}
