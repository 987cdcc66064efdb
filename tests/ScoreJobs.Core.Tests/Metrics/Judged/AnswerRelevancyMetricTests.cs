using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class AnswerRelevancyMetricTests
{
    [Fact]
    public async Task ScoreAsync_NoEmbeddingModel_ScoresTheJudgesRating()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"noncommittal": 0, "reason": "Answers it, with an aside.", "relevance": 4}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0.75, result.Score);
        Assert.Equal("4/5: Answers it, with an aside.", result.Reason);
        var request = Assert.Single(server.Requests);
        Assert.Equal("answer_relevancy_rating", request.ReplyFormat);
        Assert.Equal("What is the capital of France?", request.Tagged("question"));
    }

    [Fact]
    public async Task ScoreAsync_NoncommittalAnswer_ScoresZero()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"noncommittal": 1, "reason": "It says it cannot tell.", "relevance": 3}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest() with { Answer = "I cannot say." }, CancellationToken.None);

        Assert.Equal(0, result.Score);
        Assert.Equal(MetricStatus.Ok, result.Status);
    }

    [Fact]
    public async Task ScoreAsync_RelevanceOutOfRange_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"noncommittal": 0, "reason": "Great.", "relevance": 9}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
        Assert.Contains("outside 1-5", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_EmbeddingModel_MeanCosineOfGeneratedQuestionsToTheQuestion()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"questions": ["Q1?", "Q2?", "Q3?"], "reason": "A direct answer.", "noncommittal": 0}""");
        server.EnqueueEmbeddings(FakeResponse.Embeddings([[1, 0], [1, 0], [0, 1], [1, 1]], promptTokens: 20));
        var sut = CreateSut(server, embeddingModel: "embedder");

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal((1 + 0 + Math.Sqrt(0.5)) / 3, result.Score!.Value, 6);
        Assert.Equal($"{TestJudge.Model} + embedder", result.Model);
        Assert.Equal(2, result.Usage!.JudgeCalls);
        var ask = server.ChatRequests.Single();
        Assert.Equal("answer_relevancy_questions", ask.ReplyFormat);
        Assert.DoesNotContain("capital of France?", ask.UserMessage, StringComparison.Ordinal);
        var embed = server.EmbeddingRequests.Single();
        Assert.Equal("embedder", embed.Model);
        Assert.Equal(["What is the capital of France?", "Q1?", "Q2?", "Q3?"], embed.EmbeddingInputs);
    }

    [Fact]
    public async Task ScoreAsync_EmbeddingModelOnlyInTheRequest_UsesIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"questions": ["Q1?"], "reason": "Direct.", "noncommittal": 0}""");
        server.EnqueueEmbeddings(FakeResponse.Embeddings([[1, 0], [1, 0]]));
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(embeddingModel: "per-request-embedder"), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal("per-request-embedder", server.EmbeddingRequests.Single().Model);
    }

    [Fact]
    public async Task ScoreAsync_EmbeddingCallFails_FailsWithItsError()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"questions": ["Q1?"], "reason": "Direct.", "noncommittal": 0}""");
        server.EnqueueEmbeddings(FakeResponse.Error(404, "no such embedding deployment"));
        var sut = CreateSut(server, embeddingModel: "embedder");

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.ModelError, result.ErrorKind);
        Assert.Contains("HTTP 404", result.Error, StringComparison.Ordinal);
    }

    private static AnswerRelevancyMetric CreateSut(FakeOpenAIServer server, string? embeddingModel = null)
    {
        var options = TestJudge.Options(server);
        options.EmbeddingModel = embeddingModel;
        return new AnswerRelevancyMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<AnswerRelevancyMetric>.Instance);
    }
}
