using System.Net;
using System.Text;

namespace ScoreJobs.Server;

/// <summary>A run's 400 and 202 say which rows failed (grouped, as spreadsheet rows) and which columns were read.</summary>
public sealed class RunsExplainThemselvesTests : IClassFixture<RunsExplainThemselvesTests.Fixture>
{
    private readonly HttpClient _client;

    public RunsExplainThemselvesTests(Fixture fixture) => _client = fixture.Server.CreateClient();

    [Fact]
    public async Task Submit_CsvWithoutTheInputsOfItsMetric_400GroupsTheRowsAndSaysWhichColumnsWereRead()
    {
        var csv = "question,answer,reference_answer\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"q{i},a{i},r{i}\n"));

        using var response = await _client.PostAsync("/api/score/runs?metrics=token_f1", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ReadJsonAsync()).GetProperty("errors");
        Assert.Equal(["columns", "rows 2-51.metrics"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.StartsWith("none of the metrics can be scored with the inputs given", errors.GetProperty("rows 2-51.metrics")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("read: question, answer; ignored: reference_answer (did you mean ground_truth, RAGAS reference?)", errors.GetProperty("columns")[0].GetString());
    }

    [Fact]
    public async Task Submit_CsvAccepted_202ListsColumnsReadAndIgnored()
    {
        const string csv = "question,answer,ground_truth,context\nq,a,a,c\n";

        using var response = await _client.PostAsync("/api/score/runs?metrics=token_f1", new StringContent(csv, Encoding.UTF8, "text/csv"));

        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.GetRawText());
        Assert.Equal(["question", "answer", "ground_truth"], body.GetProperty("columns_read").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["context (did you mean contexts, RAGAS retrieved_contexts?)"], body.GetProperty("columns_ignored").EnumerateArray().Select(c => c.GetString()));
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
