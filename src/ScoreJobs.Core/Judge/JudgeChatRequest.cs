using System.Text.Json;

namespace ScoreJobs.Judge;

/// <summary>
/// One judge prompt: the model to ask, the two messages, and the reply's JSON schema
/// (sent as a strict <c>json_schema</c> response format where the endpoint accepts one).
/// </summary>
/// <param name="Model">The chat model or Azure deployment.</param>
/// <param name="SystemPrompt">The instructions, including the reply format.</param>
/// <param name="UserPrompt">The inputs to judge.</param>
/// <param name="ReplyName">The schema's name, e.g. <c>faithfulness_verdicts</c>.</param>
/// <param name="ReplySchema">The reply's JSON schema.</param>
internal sealed record JudgeChatRequest(string Model, string SystemPrompt, string UserPrompt, string ReplyName, JsonElement ReplySchema)
{
    /// <summary>The reply's array property that must hold one entry per item sent, with <see cref="ExpectedItems"/>.</summary>
    public string? ItemsProperty { get; init; }

    /// <summary>How many entries <see cref="ItemsProperty"/> must hold; sent as minItems/maxItems where the schema is sent.</summary>
    public int? ExpectedItems { get; init; }

    /// <summary>When set, the endpoint is asked for each reply token's log-probability and this many alternatives (rubrics).</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>The metric's prompt version; part of the response cache's key.</summary>
    public string? PromptVersion { get; init; }

    /// <summary>False when the request asked for <c>"cache": false</c>: the response cache is neither read nor written.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>
    /// Which repetition of the metric this call belongs to (1-based, <c>"repeats"</c>). The first is asked at temperature 0
    /// and cached under the key it always had; later ones at <see cref="RepetitionTemperature"/>, each cached apart.
    /// </summary>
    public int Repetition { get; init; } = 1;

    /// <summary>
    /// The temperature of repetitions after the first: at 0 most providers give the same reply again, and a repeat would
    /// measure nothing. 0.7 is the usual sampling default of chat models' playgrounds, spread without drifting off the rubric.
    /// </summary>
    public const float RepetitionTemperature = 0.7f;

    /// <summary>The temperature to send: 0, or <see cref="RepetitionTemperature"/> for a repetition after the first.</summary>
    public float Temperature => Repetition > 1 ? RepetitionTemperature : 0f;

    /// <summary>The schema with the item count when one is expected and <paramref name="withItemCount"/>.</summary>
    public JsonElement SchemaToSend(bool withItemCount) =>
        withItemCount && ItemsProperty is { } property && ExpectedItems is { } count
            ? ItemCountSchema.Apply(ReplySchema, property, count)
            : ReplySchema;
}
