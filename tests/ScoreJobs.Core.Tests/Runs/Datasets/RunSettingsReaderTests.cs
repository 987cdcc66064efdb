using Microsoft.AspNetCore.WebUtilities;
using ScoreJobs.Requests;
using System.Text.Json;

namespace ScoreJobs.Runs.Datasets;

public sealed class RunSettingsReaderTests
{
    private static (RunSettings Settings, Dictionary<string, string[]> Errors) FromQuery(string query)
    {
        var errors = new RequestErrors();
        var settings = RunSettingsReader.FromQuery(QueryHelpers.ParseQuery(query), errors);
        return (settings, errors.ToDictionary());
    }

    private static (RunSettings Settings, Dictionary<string, string[]> Errors) FromJson(string json)
    {
        var errors = new RequestErrors();
        using var document = JsonDocument.Parse(json);
        var settings = RunSettingsReader.FromJson(document.RootElement, errors);
        return (settings, errors.ToDictionary());
    }

    [Fact]
    public void FromQuery_EverySetting_IsRead()
    {
        var (settings, errors) = FromQuery(
            "?name=%20nightly%20&metrics=faithfulness,answer_relevancy&METRICS=bleu&threshold=faithfulness:0.8&threshold=weighted_score:0.7"
            + "&weight=faithfulness:2&judge_model=gpt-4o&embedding_model=emb-3&mode=Batch&cache=false&callback_url=https://hooks.example/run"
            + "&tag=team:search&tag=source:https://x.example/a:b&unknown=1");

        Assert.Empty(errors);
        Assert.Equal("nightly", settings.Name);
        Assert.Equal(["faithfulness", "answer_relevancy", "bleu"], settings.Metrics);
        Assert.Equal(new Dictionary<string, double> { ["faithfulness"] = 0.8, ["weighted_score"] = 0.7 }, settings.Thresholds);
        Assert.Equal(new Dictionary<string, double> { ["faithfulness"] = 2 }, settings.Weights);
        Assert.Equal("gpt-4o", settings.JudgeModel);
        Assert.Equal("emb-3", settings.EmbeddingModel);
        Assert.Equal(RunMode.Batch, settings.Mode);
        Assert.False(settings.Cache);
        Assert.Equal("https://hooks.example/run", settings.CallbackUrl);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["source"] = "https://x.example/a:b" }, settings.Metadata);
    }

    [Fact]
    public void FromQuery_Nothing_GivesTheDefaults()
    {
        var (settings, errors) = FromQuery("");

        Assert.Empty(errors);
        Assert.Null(settings.Metrics);
        Assert.Empty(settings.Thresholds);
        Assert.Equal(RunMode.Live, settings.Mode);
        Assert.True(settings.Cache);
    }

    [Fact]
    public void FromQuery_ThresholdOfAnUnknownMetric_IsLeftToTheCatalog()
    {
        var (settings, errors) = FromQuery("?thresholds=not_a_metric:0.5");

        Assert.Empty(errors);
        Assert.Equal(0.5, settings.Thresholds["not_a_metric"]);
    }

    [Theory]
    [InlineData("?threshold=faithfulness:1.5", "threshold", "must be a number from 0 to 1 (got 1.5)")]
    [InlineData("?threshold=faithfulness:-0.1", "threshold", "must be a number from 0 to 1 (got -0.1)")]
    [InlineData("?threshold=faithfulness:NaN", "threshold", "must be a number from 0 to 1 (got NaN)")]
    [InlineData("?threshold=faithfulness:high", "threshold", "needs a number after ':', not 'high'")]
    [InlineData("?threshold=faithfulness", "threshold", "must be name:value, such as threshold=faithfulness:0.8")]
    [InlineData("?threshold=faith%20fulness:0.5", "threshold", "'faith fulness' is not a metric name")]
    [InlineData("?threshold=faithfulness:0.5&threshold=faithfulness:0.6", "threshold", "gives the threshold of 'faithfulness' twice")]
    [InlineData("?weight=faithfulness:-1", "weight", "must be a non-negative number (got -1)")]
    [InlineData("?weight=faithfulness:Infinity", "weight", "must be a non-negative number (got Infinity)")]
    [InlineData("?weights=bleu:x", "weights", "needs a number after ':', not 'x'")]
    [InlineData("?tag=app", "tag", "must be name:value, such as tag=app:dify")]
    [InlineData("?tag=app:a&tag=app:b", "tag", "gives the tag 'app' twice")]
    [InlineData("?mode=turbo", "mode", "must be 'live' or 'batch', not 'turbo'")]
    [InlineData("?cache=no", "cache", "must be true or false, not 'no'")]
    [InlineData("?repeats=0", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("?repeats=6", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("?repeats=two", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("?repeats=2.0", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("?name=a&name=b", "name", "must be given once")]
    public void FromQuery_BadValue_NamesTheKey(string query, string key, string message)
    {
        var (_, errors) = FromQuery(query);

        Assert.Contains(message, errors.Message(key));
    }

    [Fact]
    public void FromQuery_NameTooLong_IsAnError()
    {
        var (_, errors) = FromQuery("?name=" + new string('n', RunSettingsReader.MaxNameLength + 1));

        Assert.Equal("must be at most 200 characters (got 201)", errors.Message("name"));
    }

    [Fact]
    public void FromQuery_TooManyTags_KeepsTheMetadataBounds()
    {
        var query = "?" + string.Join("&", Enumerable.Range(0, ScoreRequestReader.MaxMetadataEntries + 1).Select(i => $"tag=t{i}:v"));

        var (_, errors) = FromQuery(query);

        Assert.Equal("the tags must hold at most 32 tags (got 33)", errors.Message("tag"));
    }

    [Fact]
    public void FromJson_EverySetting_IsRead()
    {
        var (settings, errors) = FromJson("""
            {"name":"nightly","metrics":["faithfulness"],"weights":{"faithfulness":3},"thresholds":{"faithfulness":0.8,"weighted_score":1},
             "judge_model":"gpt-4o","embedding_model":"emb","metadata":{"team":"search"},"callback_url":"https://hooks.example/run",
             "mode":"batch","cache":false,"samples":[]}
            """);

        Assert.Empty(errors);
        Assert.Equal("nightly", settings.Name);
        Assert.Equal(["faithfulness"], settings.Metrics);
        Assert.Equal(3, settings.Weights!["faithfulness"]);
        Assert.Equal(new Dictionary<string, double> { ["faithfulness"] = 0.8, ["weighted_score"] = 1 }, settings.Thresholds);
        Assert.Equal("gpt-4o", settings.JudgeModel);
        Assert.Equal("emb", settings.EmbeddingModel);
        Assert.Equal("search", settings.Metadata!["team"]);
        Assert.Equal("https://hooks.example/run", settings.CallbackUrl);
        Assert.Equal(RunMode.Batch, settings.Mode);
        Assert.False(settings.Cache);
    }

    [Theory]
    [InlineData("""{"thresholds":{"faithfulness":1.01}}""", "thresholds", "must be a number from 0 to 1 (got 1.01)")]
    [InlineData("""{"thresholds":{"faithfulness":"0.8"}}""", "thresholds", "the threshold of 'faithfulness' must be a number from 0 to 1")]
    [InlineData("""{"thresholds":[0.8]}""", "thresholds", "must be an object of metric name")]
    [InlineData("""{"weights":{"faithfulness":-2}}""", "weights", "must be a non-negative number (got -2)")]
    [InlineData("""{"weights":{"faithfulness":1e400}}""", "weights", "must be a non-negative number (got Infinity)")]
    [InlineData("""{"mode":"offline"}""", "mode", "must be 'live' or 'batch'")]
    [InlineData("""{"mode":1}""", "mode", "must be a string")]
    [InlineData("""{"cache":"no"}""", "cache", "must be true or false")]
    [InlineData("""{"repeats":0}""", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("""{"repeats":"3"}""", "repeats", "must be a whole number from 1 to 5")]
    [InlineData("""{"metrics":7}""", "metrics", "must be an array of metric names")]
    public void FromJson_BadValue_NamesTheField(string json, string field, string message)
    {
        var (_, errors) = FromJson(json);

        Assert.Contains(message, errors.Message(field));
    }

    [Fact]
    public void Repeats_QueryAndJson_Read_AbsentIsNull()
    {
        var (query, queryErrors) = FromQuery("?repeats=3");
        var (json, jsonErrors) = FromJson("""{"repeats": 5}""");
        var (absent, _) = FromJson("{}");

        Assert.Empty(queryErrors);
        Assert.Empty(jsonErrors);
        Assert.Equal((3, 5, (int?)null), (query.Repeats, json.Repeats, absent.Repeats));
    }

    [Fact]
    public void FromJson_NameTooLong_IsAnError()
    {
        var (_, errors) = FromJson($$"""{"name":"{{new string('n', 201)}}"}""");

        Assert.Equal("must be at most 200 characters (got 201)", errors.Message("name"));
    }

    [Fact]
    public void MinCoverage_QueryAndJson_ReadAsAShare_OutOfRangeIsAnErrorNamingIt()
    {
        var (query, queryErrors) = FromQuery("min_coverage=0.75");
        var (json, jsonErrors) = FromJson("""{"min_coverage": 0.6}""");
        var (absent, _) = FromJson("{}");
        var (_, badErrors) = FromJson("""{"min_coverage": 1.5}""");
        var (_, badQueryErrors) = FromQuery("min_coverage=most");

        Assert.Empty(queryErrors);
        Assert.Empty(jsonErrors);
        Assert.Equal(0.75, query.MinCoverage);
        Assert.Equal(0.6, json.MinCoverage);
        Assert.Null(absent.MinCoverage);
        Assert.Contains("between 0 and 1", Assert.Single(badErrors["min_coverage"]), StringComparison.Ordinal);
        Assert.Contains("min_coverage", badQueryErrors.Keys);
    }
}
