using System.Text;

namespace ScoreJobs.Runs.Datasets;

public sealed class JsonLinesSampleReaderTests
{
    [Fact]
    public void Read_BlankLines_AreSkippedButCounted()
    {
        var (run, errors) = RunInput.Read(RunInput.JsonLines,
            "{\"question\":\"q1\"}\r\n\r\n   \n{\"question\":\"q4\",\"id\":\"four\"}\n{\"question\":\"q5\"}");

        Assert.Empty(errors);
        Assert.Equal(["1", "four", "5"], run!.Samples.Select(s => s.SampleId));
        Assert.Equal(["q1", "q4", "q5"], run.Samples.Select(s => s.Request.Question));
    }

    [Fact]
    public void Read_BadLineFour_NamesItsLineAndField()
    {
        var (run, errors) = RunInput.Read(RunInput.JsonLines,
            "{\"question\":\"q1\"}\n\n{\"question\":\"q3\"}\n{\"question\":7}\n{\"question\":\"q5\"}\n");

        Assert.Null(run);
        Assert.Equal("must be a string, not a number", errors.Message("line 4.question"));
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("{\"question\":\"q\"\n", "line 1", "is not valid JSON (position 16): each line must be one sample object")]
    [InlineData("{\"question\":\"q\"}\n{\"question\":\n\"q\"}\n", "line 2", "is not valid JSON")]
    [InlineData("{\"question\":\"q\"}\n[\"q\"]\n", "line 2", "must be an object with at least a 'question'")]
    [InlineData("{\"question\":\"q\"} {\"question\":\"q\"}\n", "line 1", "is not valid JSON")]
    public void Read_LineThatIsNotAnObject_NamesTheLine(string body, string where, string message)
    {
        var (run, errors) = RunInput.Read(RunInput.JsonLines, body);

        Assert.Null(run);
        Assert.StartsWith(message, errors.Message(where));
    }

    [Fact]
    public void Read_ByteOrderMark_IsTolerated()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"question\":\"q\"}\n")];

        var (run, errors) = RunInput.Read(RunInput.JsonLines, body);

        Assert.Empty(errors);
        Assert.Equal("q", Assert.Single(run!.Samples).Request.Question);
    }

    [Fact]
    public void Read_SettingsComeFromTheQuery()
    {
        var (run, errors) = RunInput.Read(RunInput.JsonLines, "{\"question\":\"q1\"}\n{\"question\":\"q2\",\"metadata\":{\"app\":\"own\"}}\n",
            "?name=nightly&metrics=faithfulness,bleu&threshold=faithfulness:0.8&judge_model=gpt-4o&cache=false&tag=app:run&tag=team:search");

        Assert.Empty(errors);
        Assert.Equal("nightly", run!.Settings.Name);
        Assert.Equal(0.8, run.Settings.Thresholds["faithfulness"]);
        Assert.All(run.Samples, s =>
        {
            Assert.Equal(["faithfulness", "bleu"], s.Request.Metrics);
            Assert.Equal("gpt-4o", s.Request.JudgeModel);
            Assert.False(s.Request.Cache);
            Assert.Equal("search", s.Request.Metadata!["team"]);
        });
        Assert.Equal("run", run.Samples[0].Request.Metadata!["app"]);
        Assert.Equal("own", run.Samples[1].Request.Metadata!["app"]);
    }

    [Fact]
    public void Read_BadQueryAndBadLine_AreReportedTogether()
    {
        var (_, errors) = RunInput.Read(RunInput.JsonLines, "{\"answer\":\"a\"}\n", "?threshold=faithfulness:2");

        Assert.Equal(["line 1.question", "threshold"], errors.Keys.Order());
    }
}
