using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ScoreFunctions.Hosting;

namespace ScoreFunctions;

/// <summary>A rubric metric scored by the built app under a real Functions host on Azurite, with the fake judge.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class RubricsUnderHostTests(FunctionsHostFixture host)
{
    [FunctionsHostFact]
    public async Task Submit_InlineChineseLabelRubric_ScoredWithRawLabelAndPromptVersion()
    {
        using var client = host.CreateClient();
        // A criterion of its own each time, so no earlier run's steps or rating are in the shared app's cache.
        var nonce = Guid.NewGuid().ToString("N");
        var body = $$$"""
            {"question":"我能退款吗？","answer":"您好，请联系客服处理。","metrics":["no_refund"],
             "rubrics":[{"name":"no_refund","criteria":"回答从不承诺退款（{{{nonce}}}）。","scale":{"labels":["承诺了退款","含糊","没有承诺"]}}]}
            """;

        using var submitted = await client.PostAsync("api/score/async", new StringContent(body, Encoding.UTF8, "application/json"));
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, accepted.GetRawText());
        var jobId = accepted.GetProperty("job_id").GetString()!;
        JsonElement job = default;
        await ScoreJobs.Testing.Poll.UntilAsync(async () =>
        {
            job = await client.GetFromJsonAsync<JsonElement>($"api/score/jobs/{jobId}");
            return job.GetProperty("status").GetString() is "completed" or "failed";
        }, $"job {jobId} to end", TimeSpan.FromSeconds(60));

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(1.0, job.GetProperty("scores").GetProperty("no_refund").GetDouble());
        var details = job.GetProperty("details").GetProperty("no_refund");
        Assert.Equal("没有承诺", details.GetProperty("raw").GetString());
        Assert.Matches("^rubric:no_refund/[0-9a-f]{12}$", details.GetProperty("prompt_version").GetString());
        Assert.Equal(2, details.GetProperty("steps").GetArrayLength());
    }

    [FunctionsHostFact]
    public async Task Submit_RubricTakesABuiltInName_400NamingTheField()
    {
        using var client = host.CreateClient();

        using var response = await client.PostAsync("api/score/async", new StringContent(
            """{"question":"q","answer":"a","rubrics":[{"name":"faithfulness","criteria":"Mine.","scale":"binary"}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("rubrics[0].name", out _));
    }
}
