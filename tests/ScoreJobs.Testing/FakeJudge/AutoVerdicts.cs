using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ScoreJobs.Testing.FakeJudge;

/// <summary>
/// The fake judge's auto mode: recognises each ScoreJobs prompt by its reply format and answers with a
/// plausible, valid verdict (every claim supported, every context useful, a rating of 8), and embeds text
/// as hashed character trigrams so similar texts get similar vectors.
/// </summary>
internal static partial class AutoVerdicts
{
    public static string? Reply(RecordedRequest request) => request.ReplyFormat switch
    {
        "faithfulness_statements" => Statements(request.Tagged("answer")),
        "faithfulness_verdicts" => Verdicts(request.CountNumbered("statement"), "The contexts state this.", withContexts: true),
        "answer_relevancy_questions" => new JsonObject
        {
            ["questions"] = new JsonArray([.. Enumerable.Range(0, 3).Select(_ => (JsonNode)$"What is {Topic(request.Tagged("answer"))}?")]),
            ["reason"] = "The answer commits to a clear answer.",
            ["noncommittal"] = 0,
        }.ToJsonString(),
        "answer_relevancy_rating" => new JsonObject
        {
            ["noncommittal"] = 0, ["reason"] = "The answer addresses the question.", ["relevance"] = 4,
        }.ToJsonString(),
        "context_precision_verdicts" => Verdicts(request.CountNumbered("context"), "This context helps to give the reference answer."),
        "context_recall_attributions" => new JsonObject
        {
            ["statements"] = new JsonArray([.. Sentences(request.Tagged("reference_answer")).Select(s => (JsonNode)new JsonObject
            {
                ["statement"] = s, ["reason"] = "Context 1 states this.", ["attributed"] = 1, ["contexts"] = new JsonArray(1),
            })]),
            ["reason"] = "The contexts cover the reference answer.",
        }.ToJsonString(),
        "answer_correctness_classification" => new JsonObject
        {
            ["tp"] = new JsonArray([.. Sentences(request.Tagged("answer")).Select(s => (JsonNode)new JsonObject
            {
                ["statement"] = s, ["reason"] = "The reference answer says this too.",
            })]),
            ["fp"] = new JsonArray(),
            ["fn"] = new JsonArray(),
            ["reason"] = "The answer matches the reference answer.",
        }.ToJsonString(),
        "factual_correctness_verdicts" => Verdicts(request.CountNumbered("statement"), "The reference text states this."),
        "response_groundedness_rating" or "response_groundedness_rating_swapped" => new JsonObject
        {
            ["reason"] = "The contexts state what the answer says.", ["rating"] = 2,
        }.ToJsonString(),
        "noise_sensitivity_verdicts" => new JsonObject
        {
            ["relevant_contexts"] = new JsonArray([.. Enumerable.Range(1, request.CountNumbered("context")).Select(id => (JsonNode)id)]),
            ["claims"] = new JsonArray([.. Enumerable.Range(1, request.CountNumbered("claim")).Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id, ["reason"] = "The reference answer and context 1 say this.", ["correct"] = 1, ["contexts"] = new JsonArray(1),
            })]),
            ["reason"] = "No claim is wrong.",
        }.ToJsonString(),
        "rubric_steps" => new JsonObject
        {
            ["steps"] = new JsonArray("Read the question and the answer.", "Check the answer against each part of the criteria."),
        }.ToJsonString(),
        // The best answer on the rubric's scale, which the prompt's reply format shows.
        "rubric_rating" => new JsonObject
        {
            ["reason"] = "The answer meets the criteria.",
            ["score"] = int.Parse(RubricBest().Match(request.SystemMessage).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
        }.ToJsonString(),
        "overall_quality_rating" => new JsonObject
        {
            ["reason"] = "A correct, helpful answer with room for more detail.", ["rating"] = 8,
        }.ToJsonString(),
        _ => null,
    };

    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        var normalised = $"  {text.ToLowerInvariant()}  ";
        for (var i = 0; i + 3 <= normalised.Length; i++)
        {
            vector[(int)((uint)string.GetHashCode(normalised.AsSpan(i, 3), StringComparison.Ordinal) % (uint)dimensions)] += 1;
        }

        return vector;
    }

    private static string Statements(string? text) =>
        new JsonObject { ["statements"] = new JsonArray([.. Sentences(text).Select(s => (JsonNode)s)]) }.ToJsonString();

    // withContexts: each verdict names context 1, as the prompts that ask which contexts bear on a claim want.
    private static string Verdicts(int count, string reason, bool withContexts = false) => new JsonObject
    {
        ["verdicts"] = new JsonArray([.. Enumerable.Range(1, count).Select(id =>
        {
            var verdict = new JsonObject { ["id"] = id, ["reason"] = reason, ["verdict"] = 1 };
            if (withContexts) verdict["contexts"] = new JsonArray(1);
            return (JsonNode)verdict;
        })]),
        ["reason"] = reason,
    }.ToJsonString();

    private static IEnumerable<string> Sentences(string? text) =>
        SentenceEnd().Split(text ?? "").Select(s => s.Trim()).Where(s => s.Length > 0);

    private static string Topic(string? text)
    {
        var first = Sentences(text).FirstOrDefault() ?? "this";
        return first.Length <= 60 ? first.TrimEnd('.', '!', '?') : first[..60];
    }

    [GeneratedRegex("\"score\": (\\d+)\\}")]
    private static partial Regex RubricBest();

    [GeneratedRegex(@"(?<=[.!?。！？])\s*")]
    private static partial Regex SentenceEnd();
}
