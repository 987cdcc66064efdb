using System.Text.Json;
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

    [Theory]
    [InlineData("", null)]
    [InlineData(", \"repeats\": null", null)]
    [InlineData(", \"repeats\": 1", 1)]
    [InlineData(", \"repeats\": 5", 5)]
    public void Read_RepeatsField_ReadFromOneToFive(string field, int? expected)
    {
        var (request, errors) = Read($$"""{"question": "q"{{field}}}""");

        Assert.Empty(errors);
        Assert.Equal(expected, request!.Repeats);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("2.5")]
    [InlineData("\"3\"")]
    [InlineData("true")]
    public void Read_RepeatsOutOfRangeOrNotAWholeNumber_IsAFieldError(string value)
    {
        var (request, errors) = Read($$"""{"question": "q", "repeats": {{value}}}""");

        Assert.Null(request);
        Assert.StartsWith("must be a whole number from 1 to 5", Assert.Single(errors["repeats"]), StringComparison.Ordinal);
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

public sealed class ScoreRequestReaderDifyTests
{
    // The text Dify renders for a Knowledge Retrieval result: Python's str() of the list of dicts.
    private const string RetrievalText =
        "[{'metadata': {'_source': 'knowledge', 'dataset_id': 'd1', 'document_name': '退货政策.md', 'score': 0.87, 'doc_metadata': None, 'position': 1}, " +
        "'title': '退货政策.md', 'content': '七天无理由退货。\\n运费由买家承担。'}, " +
        "{'metadata': {'document_name': 'faq.txt', 'score': 0.5}, 'title': None, 'content': \"It's \\\"free\\\" to return.\"}]";

    private static (ScoreRequest? Request, Dictionary<string, string[]> Errors, List<string> Ignored) Read(object body)
    {
        var errors = new RequestErrors();
        var ignored = new List<string>();
        var request = ScoreRequestReader.Read(JsonSerializer.SerializeToUtf8Bytes(body), errors, ignored);
        return (request, errors.ToDictionary(), ignored);
    }

    [Fact]
    public void Read_PythonListOfRetrievalDicts_IsReadAsTheList()
    {
        var (request, errors, _) = Read(new { question = "q", contexts = RetrievalText });

        Assert.Empty(errors);
        Assert.Equal(["七天无理由退货。\n运费由买家承担。", "It's \"free\" to return."], request!.Contexts);
        Assert.Equal(["退货政策.md", "faq.txt"], request.ContextTitles!);
        Assert.Null(request.Warnings);
    }

    [Fact]
    public void Read_PythonListOfStrings_IsReadAsTheList()
    {
        var (request, _, _) = Read(new { question = "q", contexts = "['第一段', \"it's\"]" });

        Assert.Equal(["第一段", "it's"], request!.Contexts);
        Assert.Null(request.ContextTitles);
    }

    [Fact]
    public void Read_UnreadableList_StaysOneContextWithAWarning()
    {
        var text = "[{'content': 'a'} {'content': 'b'}]";

        var (request, errors, _) = Read(new { question = "q", contexts = text });

        Assert.Empty(errors);
        Assert.Equal([text], request!.Contexts);
        var warning = Assert.Single(request.Warnings!);
        Assert.StartsWith("contexts: the text starts with '[' and ends with ']' but is neither a JSON array nor a Python list (as a Python list: expected ','", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ListOfDictsWithoutContent_StaysOneContextWithAWarning()
    {
        var (request, _, _) = Read(new { question = "q", contexts = "[{'text': 'a'}]" });

        Assert.Single(request!.Contexts);
        Assert.Contains("its items are not usable", Assert.Single(request.Warnings!), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RagasNames_AreAliases()
    {
        var (request, errors, ignored) = Read(new { user_input = "q", response = "a", retrieved_contexts = new[] { "c" }, reference = "gt" });

        Assert.Empty(errors);
        Assert.Empty(ignored);
        Assert.Equal(("q", "a", "gt"), (request!.Question, request.Answer, request.GroundTruth));
        Assert.Equal(["c"], request.Contexts);
    }

    [Fact]
    public void Read_DifyQuery_IsTheQuestion()
    {
        var (request, errors, _) = Read(new { query = "什么?" });

        Assert.Empty(errors);
        Assert.Equal("什么?", request!.Question);
    }

    [Fact]
    public void Read_NameAndAliasDiffer_OurNameWinsWithAWarning()
    {
        var (request, _, _) = Read(new { question = "ours", query = "theirs", answer = "a", response = "a" });

        Assert.Equal("ours", request!.Question);
        Assert.Equal(["'question' and 'query' both name the question and differ: 'question' was read and 'query' ignored"], request.Warnings!);
    }

    [Theory]
    [InlineData("Context", "contexts")]
    [InlineData("context", "contexts")]
    [InlineData("contexts ", "contexts")]
    [InlineData("ground-truth", "ground_truth")]
    [InlineData("GroundTruth", "ground_truth")]
    [InlineData("anwser", "answer")]
    [InlineData("metric", "metrics")]
    public void Read_NearMiss_IsIgnoredWithDidYouMean(string sent, string meant)
    {
        var (request, _, ignored) = Read(new Dictionary<string, string> { ["question"] = "q", [sent] = "x" });

        Assert.Equal([sent], ignored);
        Assert.Equal([$"'{sent}' is not a field and was ignored: did you mean '{meant}'?"], request!.Warnings!);
    }

    [Fact]
    public void Read_NearMissOfTheQuestion_IsTheRequiredError()
    {
        var (request, errors, _) = Read(new { Question = "q" });

        Assert.Null(request);
        Assert.Equal(["is required ('Question' was sent: did you mean 'question'?)"], errors["question"]);
    }

    [Fact]
    public void Read_UnknownFields_AreListedAndWarned()
    {
        var (request, _, ignored) = Read(new { question = "q", sys_user = "u", conversation_id = "c" });

        Assert.Equal(["sys_user", "conversation_id"], ignored);
        Assert.Equal(["fields this service does not read were ignored: 'sys_user', 'conversation_id'"], request!.Warnings!);
    }

    [Fact]
    public void Read_RawLineBreakInAnswer_IsAccepted()
    {
        var errors = new RequestErrors();

        var request = ScoreRequestReader.Read(Encoding.UTF8.GetBytes("{\"question\":\"q\",\"answer\":\"a\nb\"}"), errors, null, "text/plain");

        Assert.Equal("a\nb", request!.Answer);
    }
}
