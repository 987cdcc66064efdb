using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics.Judged;

public sealed class AnswerCorrectnessMetricTests
{
    private const string TwoRightOneWrongOneMissing = """
        {"tp": [{"statement": "Paris is the capital of France.", "reason": "Both say it."},
                {"statement": "Paris is in France.", "reason": "Implied by both."}],
         "fp": [{"statement": "Paris lies on the Loire.", "reason": "The reference says the Seine."}],
         "fn": [{"statement": "Paris lies on the Seine.", "reason": "The answer misses it."}],
         "reason": "Right capital, wrong river."}
        """;

    [Fact]
    public async Task ScoreAsync_NoEmbeddingModel_ScoresTheF1OfTheClassification()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(TwoRightOneWrongOneMissing);
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(2 / 3.0, result.Score!.Value, 6);
        Assert.Equal("TP 2, FP 1, FN 1: Right capital, wrong river.", result.Reason);
        Assert.Empty(server.EmbeddingRequests);
        Assert.Equal(1, result.Usage!.JudgeCalls);
    }

    [Fact]
    public async Task ScoreAsync_EmbeddingModel_BlendsF1WithSimilarity()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(TwoRightOneWrongOneMissing);
        server.EnqueueEmbeddings(FakeResponse.Embeddings([[1, 0], [0.6f, 0.8f]]));
        var sut = CreateSut(server, embeddingModel: "embedder");

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0.75 * (2 / 3.0) + 0.25 * 0.6, result.Score!.Value, 5);
        Assert.Equal(2, result.Usage!.JudgeCalls);
        var request = TestJudge.ScoreRequest();
        Assert.Equal([request.Answer!, request.GroundTruth!], server.EmbeddingRequests.Single().EmbeddingInputs);
    }

    [Fact]
    public async Task ScoreAsync_NothingTrue_ScoresZero()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"tp": [], "fp": [{"statement": "Lyon is the capital.", "reason": "Wrong."}], "fn": [{"statement": "Paris is the capital.", "reason": "Missing."}], "reason": "Wrong city."}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(0, result.Score);
        Assert.Equal(MetricStatus.Ok, result.Status);
    }

    [Fact]
    public async Task ScoreAsync_NothingClassified_FailsAsParse()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat("""{"tp": [], "fp": [], "fn": [], "reason": "?"}""");
        var sut = CreateSut(server);

        var result = await sut.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(MetricErrorKind.Parse, result.ErrorKind);
    }

    private static AnswerCorrectnessMetric CreateSut(FakeOpenAIServer server, string? embeddingModel = null)
    {
        var options = TestJudge.Options(server);
        options.EmbeddingModel = embeddingModel;
        return new AnswerCorrectnessMetric(TestJudge.Caller(options, server), Options.Create(options), new FakeTimeProvider(), NullLogger<AnswerCorrectnessMetric>.Instance);
    }
}
