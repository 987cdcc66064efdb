using System.Text;

namespace ScoreJobs.Requests;

public sealed class ScoreRequestReaderTests
{
    private static (ScoreRequest? Request, Dictionary<string, string[]> Errors) Read(string json)
    {
        var errors = new RequestErrors();
        var request = ScoreRequestReader.Read(Encoding.UTF8.GetBytes(json), errors);
        return (request, errors.ToDictionary());
    }

    [Fact]
    public void Read_FullRequest_Normalises()
    {
        var (request, errors) = Read("""
            {"question":"什么是 RAG?","answer":"检索增强生成","contexts":["c1","  ","c2"],"ground_truth":"gt",
             "metrics":["token_f1"],"judge_model":" gpt-4o ","weights":{"token_f1":2},"metadata":{"app":"dify","run":42,"ok":true},"extra":1}
            """);

        Assert.Empty(errors);
        Assert.Equal("什么是 RAG?", request!.Question);
        Assert.Equal(["c1", "c2"], request.Contexts);
        Assert.Equal("gpt-4o", request.JudgeModel);
        Assert.Equal(2, request.Weights!["token_f1"]);
        Assert.Equal("42", request.Metadata!["run"]);
        Assert.Equal("true", request.Metadata["ok"]);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(", \"cache\": null", true)]
    [InlineData(", \"cache\": true", true)]
    [InlineData(", \"cache\": false", false)]
    public void Read_CacheField_DefaultsToTrue(string field, bool expected)
    {
        var (request, errors) = Read($$"""{"question": "q"{{field}}}""");

        Assert.Empty(errors);
        Assert.Equal(expected, request!.Cache);
    }

    [Theory]
    [InlineData("\"false\"")]
    [InlineData("0")]
    public void Read_CacheNotABoolean_IsAFieldError(string value)
    {
        var (request, errors) = Read($$"""{"question": "q", "cache": {{value}}}""");

        Assert.Null(request);
        Assert.StartsWith("must be true or false", Assert.Single(errors["cache"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SingleStringContext_IsOneContext()
    {
        var (request, _) = Read("""{"question":"q","contexts":"one joined\n\nstring"}""");

        Assert.Equal(["one joined\n\nstring"], request!.Contexts);
    }

    [Fact]
    public void Read_DifyRetrievalObjects_TakesContent()
    {
        var (request, errors) = Read("""
            {"question":"q","contexts":[{"content":"a","title":"t","metadata":{"score":0.9}},{"content":"b"}]}
            """);

        Assert.Empty(errors);
        Assert.Equal(["a", "b"], request!.Contexts);
    }

    [Fact]
    public void Read_RetrievalArrayQuotedAsString_IsUnwrapped()
    {
        var (request, _) = Read("""{"question":"q","contexts":"[{\"content\":\"a\"},{\"content\":\"b\"}]"}""");

        Assert.Equal(["a", "b"], request!.Contexts);
    }

    [Fact]
    public void Read_MetricsAsCommaString_Splits()
    {
        var (request, _) = Read("""{"question":"q","metrics":"token_f1, bleu"}""");

        Assert.Equal(["token_f1", "bleu"], request!.Metrics);
    }

    [Theory]
    [InlineData("""{}""", "question", "is required")]
    [InlineData("""{"question":"   "}""", "question", "must not be blank")]
    [InlineData("""{"question":5}""", "question", "must be a string, not a number")]
    [InlineData("""{"question":"q","answer":[]}""", "answer", "must be a string, not an array")]
    [InlineData("""{"question":"q","contexts":5}""", "contexts", "not a number")]
    [InlineData("""{"question":"q","contexts":[{"text":"x"}]}""", "contexts[0]", "'content'")]
    [InlineData("""{"question":"q","metrics":{"a":1}}""", "metrics", "must be an array")]
    [InlineData("""{"question":"q","metrics":[1]}""", "metrics[0]", "must be a metric name")]
    [InlineData("""{"question":"q","weights":{"bleu":"x"}}""", "weights", "must be a number")]
    [InlineData("""{"question":"q","metadata":{"k":{"nested":1}}}""", "metadata", "must be a string, number or boolean")]
    [InlineData("""[1,2]""", "body", "must be a JSON object")]
    [InlineData("""{"question":""", "body", "is not valid JSON")]
    public void Read_BadField_NamesFieldAndProblem(string json, string field, string message)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(message, Assert.Contains(field, errors).Single());
    }

    [Fact]
    public void Read_SeveralBadFields_ReportsEach()
    {
        var (_, errors) = Read("""{"question":1,"answer":2,"ground_truth":3}""");

        Assert.Equal(["answer", "ground_truth", "question"], errors.Keys.Order());
    }

    [Fact]
    public void Read_DeepNesting_IsRejectedAsJson()
    {
        var json = "{\"question\":\"q\",\"metadata\":" + new string('[', 100) + new string(']', 100) + "}";

        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.True(errors.ContainsKey("body"));
    }

    [Fact]
    public void Read_MetadataOverBudget_IsRejected()
    {
        var tags = string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"k{i}\":\"{new string('x', 200)}\""));

        var (_, errors) = Read("{\"question\":\"q\",\"metadata\":{" + tags + "}}");

        Assert.Contains("bytes", Assert.Single(errors["metadata"]));
    }
}
