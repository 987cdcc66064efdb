using ScoreJobs.Requests;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

public sealed class SampleCollectorTests
{
    /// <summary>Offers each sample as samples[i] of a JSON body, with position i + 1.</summary>
    private static (RunSubmission? Run, Dictionary<string, string[]> Errors) Collect(RunSettings settings, params string[] samples)
    {
        var errors = new RequestErrors();
        var collector = new SampleCollector(settings, errors);
        for (var i = 0; i < samples.Length; i++)
        {
            using var sample = JsonDocument.Parse(samples[i]);
            collector.Add(sample.RootElement, $"samples[{i}]", i + 1);
        }

        return (collector.Finish(), errors.ToDictionary());
    }

    private static (RunSubmission? Run, Dictionary<string, string[]> Errors) Collect(params string[] samples) => Collect(new RunSettings(), samples);

    [Fact]
    public void Add_RunSettings_AreAppliedToEverySample()
    {
        var settings = new RunSettings
        {
            Metrics = ["faithfulness", "bleu"],
            Weights = new Dictionary<string, double> { ["bleu"] = 2 },
            JudgeModel = "gpt-4o",
            EmbeddingModel = "emb",
            Cache = false,
            CallbackUrl = "https://hooks.example/run",
            Metadata = new Dictionary<string, string> { ["team"] = "search", ["app"] = "run-app" },
        };

        var (run, errors) = Collect(settings,
            """{"question":"q1"}""",
            """{"question":"q2","metadata":{"app":"own-app","user":"u7"}}""");

        Assert.Empty(errors);
        Assert.Same(settings, run!.Settings);
        Assert.All(run.Samples, sample =>
        {
            Assert.Equal(["faithfulness", "bleu"], sample.Request.Metrics);
            Assert.Equal(2, sample.Request.Weights!["bleu"]);
            Assert.Equal("gpt-4o", sample.Request.JudgeModel);
            Assert.Equal("emb", sample.Request.EmbeddingModel);
            Assert.False(sample.Request.Cache);
            Assert.Null(sample.Request.CallbackUrl);
        });
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["app"] = "run-app" }, run.Samples[0].Request.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["app"] = "own-app", ["user"] = "u7" }, run.Samples[1].Request.Metadata);
    }

    [Fact]
    public void Add_MergedMetadataOverTheBounds_IsAnError()
    {
        var settings = new RunSettings { Metadata = Enumerable.Range(0, 20).ToDictionary(i => $"run{i}", _ => "v") };
        var own = JsonSerializer.Serialize(Enumerable.Range(0, 13).ToDictionary(i => $"own{i}", _ => "v"));

        var (run, errors) = Collect(settings, """{"question":"q"}""", $$"""{"question":"q","metadata":{{own}}}""");

        Assert.Null(run);
        Assert.Equal("must hold at most 32 tags (got 33), the run's metadata included", errors.Message("samples[1].metadata"));
        Assert.Single(errors);
    }

    [Fact]
    public void Add_SampleFields_AreReadAsAScoreRequest()
    {
        var (run, errors) = Collect("""
            {"id":"s-1","question":"q","answer":"a","contexts":["c1",{"content":"c2"}],"ground_truth":"g","metadata":{"n":3},"extra":true}
            """);

        Assert.Empty(errors);
        var sample = Assert.Single(run!.Samples);
        Assert.Equal("s-1", sample.SampleId);
        Assert.Equal("a", sample.Request.Answer);
        Assert.Equal(["c1", "c2"], sample.Request.Contexts);
        Assert.Equal("g", sample.Request.GroundTruth);
        Assert.Equal("3", sample.Request.Metadata!["n"]);
    }

    [Fact]
    public void Add_RagasNames_AreReadAsOurs()
    {
        var (run, errors) = Collect("""{"user_input":"q","response":"a","retrieved_contexts":["c1","c2"],"reference":"g"}""");

        Assert.Empty(errors);
        var request = Assert.Single(run!.Samples).Request;
        Assert.Equal("q", request.Question);
        Assert.Equal("a", request.Answer);
        Assert.Equal(["c1", "c2"], request.Contexts);
        Assert.Equal("g", request.GroundTruth);
    }

    [Theory]
    [InlineData("question", "user_input")]
    [InlineData("answer", "response")]
    [InlineData("contexts", "retrieved_contexts")]
    [InlineData("ground_truth", "reference")]
    public void Add_NameAndItsRagasAlias_IsAnError(string name, string alias)
    {
        var (run, errors) = Collect($$"""{"question":"q","{{name}}":"x","{{alias}}":"y"}""");

        Assert.Null(run);
        Assert.Equal($"is the RAGAS name of '{name}': give one of them, not both", errors.Message($"samples[0].{alias}"));
        Assert.Single(errors);
    }

    [Fact]
    public void Add_NullAlias_IsAbsent()
    {
        var (run, errors) = Collect("""{"question":"q","user_input":null,"reference":"g"}""");

        Assert.Empty(errors);
        Assert.Equal("g", Assert.Single(run!.Samples).Request.GroundTruth);
    }

    [Fact]
    public void Add_BadFieldUnderRagasName_NamesTheRagasField()
    {
        var (_, errors) = Collect("""{"user_input":"q","retrieved_contexts":[1]}""");

        Assert.Contains("must be a string", errors.Message("samples[0].retrieved_contexts[0]"));
    }

    [Theory]
    [InlineData("metrics", """["bleu"]""")]
    [InlineData("weights", """{"bleu":1}""")]
    [InlineData("judge_model", "\"gpt-4o\"")]
    [InlineData("embedding_model", "\"emb\"")]
    [InlineData("callback_url", "\"https://hooks.example\"")]
    [InlineData("cache", "false")]
    public void Add_RunLevelField_IsRejected(string field, string value)
    {
        var (run, errors) = Collect($$"""{"question":"q","{{field}}":{{value}}}""");

        Assert.Null(run);
        Assert.StartsWith("is a run setting: give it once for the whole run", errors.Message($"samples[0].{field}"));
        Assert.Single(errors);
    }

    [Fact]
    public void Add_RunLevelFieldOfTheWrongType_IsReportedOnceAsMisplaced()
    {
        var (_, errors) = Collect("""{"question":"q","metrics":[1]}""");

        Assert.Equal(["samples[0].metrics"], errors.Keys);
    }

    [Fact]
    public void Add_NoId_GetsItsPosition()
    {
        var (run, _) = Collect("""{"question":"q1"}""", """{"question":"q2","id":"named"}""", """{"question":"q3"}""");

        Assert.Equal(["1", "named", "3"], run!.Samples.Select(s => s.SampleId));
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("\"  a b  \"", "a b")]
    public void Add_IdStringOrInteger_IsTheSampleId(string id, string expected)
    {
        var (run, errors) = Collect($$"""{"id":{{id}},"question":"q"}""");

        Assert.Empty(errors);
        Assert.Equal(expected, Assert.Single(run!.Samples).SampleId);
    }

    [Theory]
    [InlineData("1.5", "must be a string or an integer")]
    [InlineData("true", "must be a string or an integer")]
    [InlineData("[1]", "must be a string or an integer")]
    [InlineData("\" \"", "must not be blank")]
    public void Add_BadId_IsAnError(string id, string message)
    {
        var (run, errors) = Collect($$"""{"id":{{id}},"question":"q"}""");

        Assert.Null(run);
        Assert.Equal(message, errors.Message("samples[0].id"));
    }

    [Fact]
    public void Add_IdTooLong_IsAnError()
    {
        var (_, errors) = Collect($$"""{"id":"{{new string('i', 129)}}","question":"q"}""", $$"""{"id":"{{new string('i', 128)}}","question":"q"}""");

        Assert.Equal("must be at most 128 characters (got 129)", errors.Message("samples[0].id"));
        Assert.Single(errors);
    }

    [Fact]
    public void Add_DuplicateId_NamesBothPlaces()
    {
        var (run, errors) = Collect("""{"id":"a","question":"q"}""", """{"id":"b","question":"q"}""", """{"id":"a","question":"q"}""");

        Assert.Null(run);
        Assert.Equal("'a' is also the id of samples[0]: ids must be unique within a run", errors.Message("samples[2].id"));
        Assert.Single(errors);
    }

    [Fact]
    public void Add_IntegerIdEqualToStringId_IsADuplicate()
    {
        var (_, errors) = Collect("""{"id":"7","question":"q"}""", """{"id":7,"question":"q"}""");

        Assert.Contains("samples[0]", errors.Message("samples[1].id"));
    }

    [Fact]
    public void Add_IdEqualToAnEarlierDefaultId_NamesBothPlaces()
    {
        var (_, errors) = Collect("""{"question":"q"}""", """{"id":"1","question":"q"}""");

        Assert.Equal("'1' is also the default id of samples[0], which has none (a sample without an id gets its position)", errors.Message("samples[1].id"));
    }

    [Fact]
    public void Add_DefaultIdEqualToAnEarlierId_NamesBothPlaces()
    {
        var (_, errors) = Collect("""{"id":"2","question":"q"}""", """{"question":"q"}""");

        Assert.Equal("this sample has no id, and its default id '2' (its position) is the id of samples[0]: give it an id", errors.Message("samples[1].id"));
    }

    [Fact]
    public void Add_NotAnObject_IsAnErrorOfTheWholeSample()
    {
        var (run, errors) = Collect("\"q\"");

        Assert.Null(run);
        Assert.Equal("must be an object with at least a 'question'", errors.Message("samples[0]"));
    }

    [Fact]
    public void Add_LoneSurrogate_IsAnErrorNotAnException()
    {
        var (run, errors) = Collect("""{"question":"\ud800"}""");

        Assert.Null(run);
        Assert.Contains("not valid Unicode", errors.Message("samples[0]"));
    }

    [Fact]
    public void Add_AllErrorsOfASample_AreReported()
    {
        var (_, errors) = Collect("""{"id":1.5,"answer":3,"user_input":"q","question":"q","cache":true}""");

        Assert.Equal(["samples[0].answer", "samples[0].cache", "samples[0].id", "samples[0].user_input"], errors.Keys.Order());
    }
}
