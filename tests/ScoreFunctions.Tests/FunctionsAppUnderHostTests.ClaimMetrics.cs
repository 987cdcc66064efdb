using System.Net;
using System.Text.Json;
using ScoreFunctions.Hosting;

namespace ScoreFunctions;

public sealed partial class FunctionsAppUnderHostTests
{
    [FunctionsHostFact]
    public async Task Submit_TheNewerRagasMetrics_ScoredByTheQueueTriggerWithClaimsAndOneAnswerDecomposition()
    {
        using var client = host.CreateClient();
        var answer = $"Paris is the capital of France. It lies on the Seine. Case {Guid.NewGuid():N}.";
        var request = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["question"] = "What is the capital of France?",
            ["answer"] = answer,
            ["contexts"] = new[] { "Paris is the capital of France.", "Paris lies on the Seine." },
            ["ground_truth"] = "Paris is the capital of France.",
            ["metrics"] = new[] { "faithfulness", "factual_correctness", "response_groundedness", "noise_sensitivity" },
        });

        using var response = await client.PostAsync("api/score/async", Json(request));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForJobAsync(client, (await ReadJsonAsync(response)).GetProperty("job_id").GetString()!);
        Assert.Equal("completed", job.GetProperty("status").GetString());
        var details = job.GetProperty("details");
        // The fake judge finds every claim supported, both ratings 2 and no claim wrong.
        foreach (var metric in new[] { "factual_correctness", "response_groundedness", "noise_sensitivity" })
        {
            Assert.Equal(1.0, job.GetProperty("scores").GetProperty(metric).GetDouble());
            Assert.Equal($"{metric}/v1", details.GetProperty(metric).GetProperty("prompt_version").GetString());
        }

        var factual = details.GetProperty("factual_correctness");
        Assert.Equal((1.0, 1.0, 1.0), (factual.GetProperty("precision").GetDouble(), factual.GetProperty("recall").GetDouble(), factual.GetProperty("f1").GetDouble()));
        var claims = details.GetProperty("noise_sensitivity").GetProperty("claims").EnumerateArray().ToList();
        Assert.Equal(3, claims.Count);
        Assert.All(claims, c => Assert.Equal([1], c.GetProperty("contexts").EnumerateArray().Select(i => i.GetInt32())));
        Assert.Single(host.Judge.ChatRequests, r => r.ReplyFormat == "faithfulness_statements" && r.Tagged("answer") == answer);
    }
}
