using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Requests;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge;

/// <summary>Builds the real judge (client factory, MEAI clients, caller) against a fake judge server.</summary>
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

    /// <summary>Classic Azure OpenAI on the fake server: the resource URL is the server's root.</summary>
    public static JudgeOptions AzureDeploymentOptions(FakeOpenAIServer server, string? apiKey = "azure-key-0123456789")
    {
        var options = Options(server, "");
        options.Provider = "azure";
        options.ApiKey = apiKey;
        return options;
    }

    public static JudgeCaller Caller(JudgeOptions options, FakeOpenAIServer server, TokenCredential? credential = null, TimeProvider? time = null)
    {
        var factory = new JudgeClientFactory(options, NullLogger.Instance, server.Options.Https ? server.CreateHttpHandler() : null, credential);
        return new JudgeCaller(factory.CreateChatClient(), factory.CreateEmbeddingGenerator(),
            Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System, NullLogger<JudgeCaller>.Instance);
    }

    public static JudgeChatRequest Request(string model = Model) =>
        new(model, "You judge. Reply in JSON.", "<question>\nWhy?\n</question>\n", "test_reply",
            JsonElement.Parse("""{"type":"object","properties":{"ok":{"type":"integer"}},"required":["ok"],"additionalProperties":false}"""));

    /// <summary>
    /// Moves fake time on in small steps, letting real I/O (the loopback server) run between them, until the task ends;
    /// so retry delays and timeouts cost no real time. Fails past <paramref name="limit"/> of fake time.
    /// </summary>
    public static async Task<T> RunAsync<T>(this FakeTimeProvider time, Task<T> task, TimeSpan? step = null, TimeSpan? limit = null)
    {
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            if (advanced > (limit ?? TimeSpan.FromMinutes(5))) Assert.Fail($"still running after {advanced} of fake time");
            await Task.WhenAny(task, Task.Delay(1));
            if (task.IsCompleted) break;
            time.Advance(step ?? TimeSpan.FromMilliseconds(10));
            advanced += step ?? TimeSpan.FromMilliseconds(10);
        }

        return await task;
    }

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
