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
internal sealed record JudgeChatRequest(string Model, string SystemPrompt, string UserPrompt, string ReplyName, JsonElement ReplySchema);
