using System.Text;

namespace ScoreJobs.Runs.Datasets;

public sealed class JsonRunReaderTests
{
    [Fact]
    public void Read_Run_HasSettingsAndSamplesInOrder()
    {
        var (run, errors) = RunInput.Read(RunInput.Json, """
            {"name":"nightly","metrics":["token_f1"],"thresholds":{"token_f1":0.6},"callback_url":"https://hooks.example/run",
             "samples":[{"question":"q1","answer":"a1"},{"id":"x","user_input":"q2"},{"question":"q3","metadata":{"app":"dify"}}]}
            """);

        Assert.Empty(errors);
        Assert.Equal("nightly", run!.Settings.Name);
        Assert.Equal(0.6, run.Settings.Thresholds["token_f1"]);
        Assert.Equal(["1", "x", "3"], run.Samples.Select(s => s.SampleId));
        Assert.Equal(["q1", "q2", "q3"], run.Samples.Select(s => s.Request.Question));
        Assert.All(run.Samples, s => Assert.Equal(["token_f1"], s.Request.Metrics));
        Assert.All(run.Samples, s => Assert.Null(s.Request.CallbackUrl));
        Assert.Equal("dify", run.Samples[2].Request.Metadata!["app"]);
    }

    [Fact]
    public void Read_BadContextsOfTheThirdSample_NamesItAsAJsonPath()
    {
        var (run, errors) = RunInput.Read(RunInput.Json, """
            {"samples":[{"question":"q1"},{"question":"q2"},{"question":"q3","contexts":42}]}
            """);

        Assert.Null(run);
        Assert.Equal("must be a string, an array of strings, or an array of objects with 'content', not a number", errors.Message("samples[2].contexts"));
        Assert.Single(errors);
    }

    [Fact]
    public void Read_SettingsAndSampleErrors_AreReportedTogether()
    {
        var (_, errors) = RunInput.Read(RunInput.Json, """{"mode":"fast","samples":[{"answer":"a"}]}""");

        Assert.Equal(["mode", "samples[0].question"], errors.Keys.Order());
    }

    [Theory]
    [InlineData("""{"name":"n"}""")]
    [InlineData("""{"samples":{"question":"q"}}""")]
    public void Read_SamplesNotAnArray_IsAnError(string body)
    {
        var (run, errors) = RunInput.Read(RunInput.Json, body);

        Assert.Null(run);
        Assert.StartsWith("is required: an array of sample objects", errors.Message("samples"));
    }

    [Theory]
    [InlineData("""{"samples":[""", "is not valid JSON")]
    [InlineData("""[{"question":"q"}]""", "must be a JSON object with 'samples'")]
    [InlineData("""{"name":"\ud800","samples":[]}""", "not valid Unicode")]
    public void Read_UnusableBody_IsABodyError(string body, string message)
    {
        var (run, errors) = RunInput.Read(RunInput.Json, body);

        Assert.Null(run);
        Assert.Contains(message, errors.Message("body"));
    }

    [Fact]
    public void Read_ByteOrderMark_IsTolerated()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"samples":[{"question":"q"}]}""")];

        var (run, errors) = RunInput.Read(RunInput.Json, body);

        Assert.Empty(errors);
        Assert.Single(run!.Samples);
    }

    [Fact]
    public void Read_Query_IsIgnoredForJson()
    {
        var (run, errors) = RunInput.Read(RunInput.Json, """{"name":"from body","samples":[{"question":"q"}]}""", "?name=from+query&mode=nonsense");

        Assert.Empty(errors);
        Assert.Equal("from body", run!.Settings.Name);
    }
}
