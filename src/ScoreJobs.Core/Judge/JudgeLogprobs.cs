using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace ScoreJobs.Judge;

/// <summary>One token of the judge's reply, its log-probability, and the most likely tokens in its place.</summary>
internal sealed record JudgeTokenLogprob(string Token, double Logprob, IReadOnlyList<(string Token, double Logprob)> Top);

/// <summary>
/// Token log-probabilities through Microsoft.Extensions.AI, which has no field for them: asked for through the OpenAI
/// options (<c>logprobs</c>, <c>top_logprobs</c>), read from the OpenAI completion, and kept on the reply as a property so
/// that a reply served by the response cache still has them.
/// </summary>
internal static class JudgeLogprobs
{
    /// <summary>In <see cref="ChatResponse.AdditionalProperties"/>: the reply's token log-probabilities as JSON text.</summary>
    public const string Property = "scorejobs_logprobs";

    /// <summary>Asks the endpoint for each reply token's log-probability and its <paramref name="top"/> most likely alternatives.</summary>
    public static void Ask(ChatOptions options, int top) =>
        options.RawRepresentationFactory = _ => new ChatCompletionOptions { IncludeLogProbabilities = true, TopLogProbabilityCount = top };

    /// <summary>Copies the log-probabilities of a live reply into its properties, where the response cache stores them.</summary>
    public static void Keep(ChatResponse response)
    {
        if (response.RawRepresentation is not ChatCompletion { ContentTokenLogProbabilities: { Count: > 0 } tokens }) return;
        var array = new JsonArray([.. tokens.Select(t => (JsonNode)new JsonObject
        {
            ["t"] = t.Token,
            ["l"] = t.LogProbability,
            ["top"] = new JsonArray([.. t.TopLogProbabilities.Select(a => (JsonNode)new JsonObject { ["t"] = a.Token, ["l"] = a.LogProbability })]),
        })]);
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[Property] = array.ToJsonString();
    }

    /// <summary>The reply's token log-probabilities, live or from the cache; null when the endpoint gave none.</summary>
    public static IReadOnlyList<JudgeTokenLogprob>? Read(ChatResponse response)
    {
        Keep(response);
        var text = response.AdditionalProperties?.TryGetValue(Property, out var value) == true
            ? value switch { string s => s, JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(), _ => null }
            : null;
        if (text is null) return null;
        try
        {
            return [.. JsonNode.Parse(text)!.AsArray().Select(token => new JudgeTokenLogprob(
                (string)token!["t"]!, (double)token["l"]!,
                [.. token["top"]!.AsArray().Select(a => ((string)a!["t"]!, (double)a["l"]!))]))];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }
}
