using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// One versioned prompt and the record its reply is read into. <see cref="Name"/> names the reply's
/// JSON schema on the wire, which is also how a test judge tells the prompts apart.
/// </summary>
internal sealed class JudgePrompt<TReply>(string name, string systemPrompt, JsonTypeInfo<TReply> replyType)
    where TReply : class
{
    public string Name => name;

    public string SystemPrompt => systemPrompt;

    public JsonTypeInfo<TReply> ReplyType => replyType;

    public JsonElement ReplySchema { get; } = JsonElement.Parse(StrictJsonSchema.For(replyType));

    /// <summary>This prompt on <paramref name="input"/> as a request to the judge; with itemsProperty, itemCount is how many entries the reply's array must hold.</summary>
    public JudgeChatRequest Request(string model, JudgeInput input, string? promptVersion, bool useCache, string? itemsProperty = null, int? itemCount = null) =>
        new(model, systemPrompt, input.ToString(), name, ReplySchema)
        {
            ItemsProperty = itemsProperty,
            ExpectedItems = itemCount,
            PromptVersion = promptVersion,
            UseCache = useCache,
        };
}
