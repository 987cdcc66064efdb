using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Requests;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge;

/// <summary>Builds the real judge client against a fake judge server.</summary>
internal static class TestJudge
{
    public const string Model = "judge-model";

    public static JudgeOptions Options(FakeOpenAIServer server, string basePath = "v1/") => new()
    {
        Endpoint = server.Endpoint(basePath).ToString(),
        Model = Model,
        MaxRetries = 2,
        RetryBaseDelaySeconds = 0.01,
        CallTimeoutSeconds = 10,
    };

    public static OpenAIJudgeClient Client(JudgeOptions options, FakeOpenAIServer server, AuthenticationTokenProvider? tokens = null) =>
        new(options, TimeProvider.System, NullLogger.Instance, server.Options.Https ? server.CreateHttpClient() : null, tokens);

    public static JudgeChatRequest Request(string model = Model) =>
        new(model, "You judge. Reply in JSON.", "<question>\nWhy?\n</question>\n", "test_reply", """{"type":"object","properties":{"ok":{"type":"integer"}},"required":["ok"],"additionalProperties":false}""");

    public static ScoreRequest ScoreRequest(string? judgeModel = null, string? embeddingModel = null) => new()
    {
        Question = "What is the capital of France?",
        Answer = "Paris is the capital of France. It has about two million inhabitants. It lies on the Loire.",
        Contexts =
        [
            "Paris is the capital and largest city of France.",
            "Lyon is a city in France known for its cuisine.",
            "The city of Paris had 2.1 million inhabitants in 2023 and lies on the Seine.",
        ],
        GroundTruth = "Paris is the capital of France. It lies on the Seine.",
        JudgeModel = judgeModel,
        EmbeddingModel = embeddingModel,
    };
}
