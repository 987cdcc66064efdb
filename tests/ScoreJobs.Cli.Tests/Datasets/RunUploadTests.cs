using System.Text;
using System.Text.Json.Nodes;

namespace ScoreJobs.Cli.Datasets;

public sealed class RunUploadTests
{
    private static readonly RunOptions AllSettings = new()
    {
        Name = "nightly run",
        Metrics = ["exact_match", "token_f1"],
        Thresholds = [new("token_f1", 0.8), new("exact_match", 1)],
        Weights = [new("token_f1", 2)],
        Tags = [new("commit", "abc123")],
        Batch = true,
        Cache = false,
    };

    [Fact]
    public void BuildQuery_EverySetting_IsAQueryParameter()
    {
        var query = RunUpload.BuildQuery(AllSettings);

        Assert.Equal("?name=nightly%20run&metrics=exact_match%2Ctoken_f1&threshold=token_f1%3A0.8&threshold=exact_match%3A1"
            + "&weight=token_f1%3A2&tag=commit%3Aabc123&mode=batch&cache=false", query);
        Assert.Equal("?name=nightly run&metrics=exact_match,token_f1&threshold=token_f1:0.8&threshold=exact_match:1&weight=token_f1:2"
            + "&tag=commit:abc123&mode=batch&cache=false", Uri.UnescapeDataString(query));
    }

    [Fact]
    public void BuildQuery_Defaults_IsEmpty()
    {
        Assert.Equal("", RunUpload.BuildQuery(new RunOptions()));
    }

    [Fact]
    public void Read_Jsonl_SendsTheFileAsItIsWithSettingsInTheQuery()
    {
        const string lines = "{\"question\":\"q1\",\"answer\":\"a\",\"ground_truth\":\"a\"}\n{\"question\":\"q2\",\"answer\":\"b\",\"ground_truth\":\"c\"}\n";
        using var file = new TempFile("qa.jsonl", "\uFEFF" + lines);

        var upload = RunUpload.Read(file.Path, AllSettings);

        Assert.Equal("application/x-ndjson", upload.CreateContent().Headers.ContentType!.MediaType);
        Assert.Equal(lines, Encoding.UTF8.GetString(upload.Body));
        Assert.StartsWith("?name=", upload.Query);
    }

    [Fact]
    public void Read_Csv_IsTextCsv()
    {
        using var file = new TempFile("qa.csv", "question,answer,ground_truth\nq,a,a\n");

        var upload = RunUpload.Read(file.Path, new RunOptions());

        Assert.Equal("text/csv", upload.CreateContent().Headers.ContentType!.MediaType);
        Assert.Equal("", upload.Query);
    }

    [Fact]
    public void Read_JsonArray_IsWrappedAsSamplesWithTheSettingsAsFields()
    {
        using var file = new TempFile("qa.json", """[{"question":"q","answer":"a","ground_truth":"a"}]""");

        var upload = RunUpload.Read(file.Path, AllSettings);

        Assert.Equal("application/json", upload.CreateContent().Headers.ContentType!.MediaType);
        Assert.Equal("", upload.Query);
        var body = JsonNode.Parse(upload.Body)!.AsObject();
        Assert.Equal("q", body["samples"]![0]!["question"]!.GetValue<string>());
        Assert.Equal("nightly run", body["name"]!.GetValue<string>());
        Assert.Equal("""["exact_match","token_f1"]""", body["metrics"]!.ToJsonString());
        Assert.Equal("""{"token_f1":0.8,"exact_match":1}""", body["thresholds"]!.ToJsonString());
        Assert.Equal("""{"token_f1":2}""", body["weights"]!.ToJsonString());
        Assert.Equal("""{"commit":"abc123"}""", body["metadata"]!.ToJsonString());
        Assert.Equal("batch", body["mode"]!.GetValue<string>());
        Assert.False(body["cache"]!.GetValue<bool>());
    }

    [Fact]
    public void Read_JsonArrayWithoutSettings_IsJustTheSamples()
    {
        using var file = new TempFile("qa.json", """[{"question":"q"}]""");

        var body = JsonNode.Parse(RunUpload.Read(file.Path, new RunOptions()).Body)!.AsObject();

        Assert.Equal(["samples"], body.Select(p => p.Key));
    }

    [Fact]
    public void Read_JsonRunRequest_KeepsItsFieldsAndTheCommandLineWins()
    {
        using var file = new TempFile("run.json", """
            {
              // a run request, with a comment and a trailing comma
              "name": "from file", "metrics": ["rouge_l"], "judge_model": "gpt-4o-mini",
              "thresholds": {"token_f1": 0.5, "rouge_l": 0.3}, "metadata": {"commit": "old", "branch": "main"},
              "samples": [{"question": "q", "answer": "a", "ground_truth": "a"}],
            }
            """);

        var body = JsonNode.Parse(RunUpload.Read(file.Path, AllSettings).Body)!.AsObject();

        Assert.Equal("nightly run", body["name"]!.GetValue<string>());
        Assert.Equal("""["exact_match","token_f1"]""", body["metrics"]!.ToJsonString());
        Assert.Equal("gpt-4o-mini", body["judge_model"]!.GetValue<string>());
        Assert.Equal("""{"token_f1":0.8,"rouge_l":0.3,"exact_match":1}""", body["thresholds"]!.ToJsonString());
        Assert.Equal("""{"commit":"abc123","branch":"main"}""", body["metadata"]!.ToJsonString());
        Assert.Single(body["samples"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"question":"q"}""", "array of samples")]
    [InlineData("""{"samples":{"question":"q"}}""", "array of samples")]
    [InlineData("""[{"question":"q"},""", "not valid JSON")]
    [InlineData("42", "array of samples")]
    public void Read_JsonThatIsNotARun_IsAUsageError(string content, string says)
    {
        using var file = new TempFile("qa.json", content);

        var error = Assert.Throws<CliException>(() => RunUpload.Read(file.Path, new RunOptions()));

        Assert.Contains(says, error.Message);
        Assert.Contains("qa.json", error.Message);
    }

    [Fact]
    public void Read_EmptyFile_SaysSo()
    {
        using var file = new TempFile("qa.jsonl", " \n");

        var error = Assert.Throws<CliException>(() => RunUpload.Read(file.Path, new RunOptions()));

        Assert.Contains("is empty", error.Message);
    }

    [Fact]
    public void Read_MissingFile_IsAUsageErrorNamingIt()
    {
        var error = Assert.Throws<CliException>(() => RunUpload.Read("/nonexistent/qa.jsonl", new RunOptions()));

        Assert.StartsWith("Cannot read /nonexistent/qa.jsonl", error.Message);
    }
}
