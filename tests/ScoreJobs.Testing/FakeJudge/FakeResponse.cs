using System.Text.Json.Nodes;

namespace ScoreJobs.Testing.FakeJudge;

/// <summary>A scripted answer of the fake judge: a status and body, extra headers, a delay, or no answer at all.</summary>
public sealed record FakeResponse
{
    public int Status { get; init; } = 200;

    public string Body { get; init; } = "";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Waits this long before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Never answers; the request ends when the client gives up.</summary>
    public bool Hang { get; init; }

    /// <summary>Embedding vectors, written as floats or base64 as the request asks.</summary>
    public IReadOnlyList<float[]>? Vectors { get; init; }

    public int PromptTokens { get; init; }

    /// <summary>A chat completion whose message content is <paramref name="content"/>.</summary>
    public static FakeResponse Chat(string content, string finishReason = "stop", int promptTokens = 120, int completionTokens = 40) => new()
    {
        Body = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = "fake-judge",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["finish_reason"] = finishReason,
                ["logprobs"] = null,
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
        }.ToJsonString(),
    };

    /// <summary>
    /// A rubric rating <c>{"reason": ..., "score": ...}</c> with token log-probabilities, as OpenAI returns them for
    /// <c>logprobs: true, top_logprobs</c>: the score's token carries <paramref name="alternatives"/> (token, probability).
    /// </summary>
    public static FakeResponse ChatWithScoreLogprobs(string reason, string score, params (string Token, double Probability)[] alternatives)
    {
        var prefix = "{\"reason\": " + JsonValue.Create(reason).ToJsonString() + ", \"score\": ";
        var body = JsonNode.Parse(Chat(prefix + score + "}").Body)!;
        var chosen = alternatives.FirstOrDefault(a => a.Token == score);
        body["choices"]![0]!["logprobs"] = new JsonObject
        {
            ["content"] = new JsonArray(
                Token(prefix, 0, []),
                Token(score, Math.Log(chosen.Token is null ? 1 : chosen.Probability), alternatives),
                Token("}", 0, [])),
            ["refusal"] = null,
        };
        return new() { Body = body.ToJsonString() };

        static JsonObject Token(string token, double logprob, (string Token, double Probability)[] top) => new()
        {
            ["token"] = token,
            ["logprob"] = logprob,
            ["bytes"] = null,
            ["top_logprobs"] = new JsonArray([.. top.Select(a => (JsonNode)new JsonObject
            {
                ["token"] = a.Token, ["logprob"] = Math.Log(a.Probability), ["bytes"] = null,
            })]),
        };
    }

    /// <summary>A chat completion whose message is a refusal (structured outputs' <c>refusal</c> field) with no content.</summary>
    public static FakeResponse Refusal(string refusal)
    {
        var body = JsonNode.Parse(Chat("").Body)!;
        var message = body["choices"]![0]!["message"]!;
        message["content"] = null;
        message["refusal"] = refusal;
        return new() { Body = body.ToJsonString() };
    }

    public static FakeResponse Embeddings(IReadOnlyList<float[]> vectors, int promptTokens = 12) =>
        new() { Vectors = vectors, PromptTokens = promptTokens };

    /// <summary>An OpenAI-style error: <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public static FakeResponse Error(int status, string message, string? code = null, string? param = null) => new()
    {
        Status = status,
        Body = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["param"] = param, ["code"] = code },
        }.ToJsonString(),
    };

    public static FakeResponse Hanging() => new() { Hang = true };

    public FakeResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };
}
