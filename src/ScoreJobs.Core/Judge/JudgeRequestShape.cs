using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// What a chat request asks of the server beyond the messages. Starts strict (json_schema, temperature 0,
/// a completion budget) and gives up one feature at a time when a server rejects the request for it:
/// reasoning models refuse temperature 0, small servers refuse schemas. Remembered per model once a
/// reduced shape has worked.
/// </summary>
internal sealed record JudgeRequestShape(JudgeReplyMode Mode, bool SendTemperature, bool SendMaxTokens, bool SendItemCounts = true, bool SendLogprobs = true)
{
    private const string StrictKey = "strict";

    public static JudgeRequestShape Full { get; } = new(JudgeReplyMode.JsonSchema, SendTemperature: true, SendMaxTokens: true);

    /// <summary>The next shape to try after a 400/422, or null when the rejection is not about the request's shape.</summary>
    public JudgeRequestShape? After(CallFailure rejection)
    {
        var text = $"{rejection.ErrorParam} {rejection.ErrorCode} {rejection.ServerMessage}".ToLowerInvariant();
        // Some servers take strict schemas but not array bounds; keep the schema, drop the bounds.
        if (SendItemCounts && Mode == JudgeReplyMode.JsonSchema
            && (text.Contains("minitems", StringComparison.Ordinal) || text.Contains("maxitems", StringComparison.Ordinal)))
        {
            return this with { SendItemCounts = false };
        }

        if (SendLogprobs && text.Contains("logprobs", StringComparison.Ordinal))
        {
            return this with { SendLogprobs = false };
        }

        if (SendTemperature && text.Contains("temperature", StringComparison.Ordinal))
        {
            return this with { SendTemperature = false };
        }

        if (SendMaxTokens && (text.Contains("max_tokens", StringComparison.Ordinal) || text.Contains("max_completion_tokens", StringComparison.Ordinal)))
        {
            return this with { SendMaxTokens = false };
        }

        if (text.Contains("content_filter", StringComparison.Ordinal) || text.Contains("context length", StringComparison.Ordinal)
            || text.Contains("context_length", StringComparison.Ordinal) || text.Contains("content management policy", StringComparison.Ordinal))
        {
            return null;
        }

        return Mode == JudgeReplyMode.Text ? null : this with { Mode = Mode + 1 };
    }

    public ChatOptions ToChatOptions(JudgeChatRequest request, int maxCompletionTokens)
    {
        var options = Options(request, maxCompletionTokens);
        if (SendLogprobs && request.TopLogprobs is { } top) JudgeLogprobs.Ask(options, top);
        return options;
    }

    private ChatOptions Options(JudgeChatRequest request, int maxCompletionTokens) => new()
    {
        ModelId = request.Model,
        Temperature = SendTemperature ? request.Temperature : null,
        MaxOutputTokens = SendMaxTokens ? maxCompletionTokens : null,
        ResponseFormat = Mode switch
        {
            JudgeReplyMode.JsonSchema => ChatResponseFormat.ForJsonSchema(request.SchemaToSend(SendItemCounts), request.ReplyName),
            JudgeReplyMode.JsonObject => ChatResponseFormat.Json,
            _ => null,
        },
        // The OpenAI adapter's switch for "strict": true, which holds the model to the schema.
        AdditionalProperties = Mode == JudgeReplyMode.JsonSchema ? new() { [StrictKey] = true } : null,
    };

    public ChatMessage[] ToMessages(JudgeChatRequest request) => Mode == JudgeReplyMode.JsonSchema
        ? [new(ChatRole.System, request.SystemPrompt), new(ChatRole.User, request.UserPrompt)]
        : [
            // Without a schema in the request, the schema goes into the prompt; the format name lets test servers tell prompts apart.
            new(ChatRole.System, $"{request.SystemPrompt}\n\nReply with only one JSON object (format `{request.ReplyName}`) that matches this JSON schema:\n{request.ReplySchema.GetRawText()}"),
            new(ChatRole.User, request.UserPrompt),
        ];

    public override string ToString() =>
        $"{Mode switch { JudgeReplyMode.JsonSchema => "json_schema", JudgeReplyMode.JsonObject => "json_object", _ => "text" }}" +
        (SendTemperature ? "" : ", no temperature") + (SendMaxTokens ? "" : ", no max_completion_tokens") + (SendItemCounts ? "" : ", no item counts") + (SendLogprobs ? "" : ", no logprobs");
}
