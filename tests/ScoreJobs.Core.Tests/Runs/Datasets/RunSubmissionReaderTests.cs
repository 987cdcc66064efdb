using System.Text;

namespace ScoreJobs.Runs.Datasets;

public sealed class RunSubmissionReaderTests
{
    [Theory]
    [InlineData("application/json; charset=utf-8", """{"samples":[{"question":"q"}]}""")]
    [InlineData("Application/JSON", """{"samples":[{"question":"q"}]}""")]
    [InlineData("application/x-ndjson", """{"question":"q"}""")]
    [InlineData("application/jsonl", """{"question":"q"}""")]
    [InlineData("application/json-lines; charset=utf-8", """{"question":"q"}""")]
    [InlineData("text/csv; charset=UTF-8", "question\r\nq\r\n")]
    public void Read_ContentType_PicksTheFormatIgnoringParameters(string contentType, string body)
    {
        var (run, errors) = RunInput.Read(contentType, body);

        Assert.Empty(errors);
        Assert.Equal("q", Assert.Single(run!.Samples).Request.Question);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("")]
    [InlineData(null)]
    public void Read_OtherContentType_NamesTheAcceptedOnes(string? contentType)
    {
        var (run, errors) = RunInput.Read(contentType, "question\nq\n");

        Assert.Null(run);
        var message = errors.Message("content-type");
        Assert.Contains("application/json", message);
        Assert.Contains("application/x-ndjson", message);
        Assert.Contains("text/csv", message);
    }

    [Fact]
    public void Read_CsvInGbk_SaysToSaveAsCsvUtf8()
    {
        // "question\r\n你好\r\n" as Excel's plain "CSV" writes it in a Chinese locale (GBK).
        byte[] body = [.. "question\r\n"u8, 0xC4, 0xE3, 0xBA, 0xC3, .. "\r\n"u8];

        var (run, errors) = RunInput.Read(RunInput.Csv, body);

        Assert.Null(run);
        Assert.Contains("CSV UTF-8", errors.Message("body"));
    }

    [Theory]
    [InlineData(RunInput.Json, """{"samples":[]}""")]
    [InlineData(RunInput.JsonLines, "\n  \n")]
    [InlineData(RunInput.Csv, "question,answer\r\n")]
    [InlineData(RunInput.Csv, "question,answer\r\n,\r\n\r\n")]
    public void Read_NoSamples_IsAnError(string contentType, string body)
    {
        var (run, errors) = RunInput.Read(contentType, body);

        Assert.Null(run);
        Assert.Contains("no samples", errors.Message("samples"));
    }

    [Theory]
    [InlineData(RunInput.Json)]
    [InlineData(RunInput.JsonLines)]
    [InlineData(RunInput.Csv)]
    public void Read_MoreThanMaxSamples_IsRefusedNamingTheLimit(string contentType)
    {
        var body = Samples(contentType, RunSubmissionReader.MaxSamples + 1, answerLength: 10);

        var (run, errors) = RunInput.Read(contentType, body);

        Assert.Null(run);
        Assert.Equal("a run holds at most 10,000 samples; this one has 10,001: split it into several runs", Assert.Single(errors).Value.Single());
    }

    [Theory]
    [InlineData(RunInput.Json)]
    [InlineData(RunInput.JsonLines)]
    [InlineData(RunInput.Csv)]
    public void Read_MaxSamplesOfTwoKilobytes_ReadsThemAll(string contentType)
    {
        // How fast is measured in bench/ (runs-input), not here.
        var body = Encoding.UTF8.GetBytes(Samples(contentType, RunSubmissionReader.MaxSamples, answerLength: 2000));

        var (run, errors) = RunInput.Read(contentType, body);

        Assert.Empty(errors);
        Assert.Equal(RunSubmissionReader.MaxSamples, run!.Samples.Count);
        Assert.Equal("10000", run.Samples[^1].SampleId);
        Assert.Equal(2000, run.Samples[^1].Request.Answer!.Length);
    }

    [Theory]
    [InlineData(RunInput.Json, "samples[0-24].question")]
    [InlineData(RunInput.JsonLines, "lines 1-25.question")]
    [InlineData(RunInput.Csv, "rows 2-26.question")]
    public void Read_ManyIdenticalErrors_AreGroupedOverRanges(string contentType, string key)
    {
        var body = contentType switch
        {
            RunInput.Json => $$"""{"samples":[{{string.Join(",", Enumerable.Repeat("""{"answer":"a"}""", 25))}}]}""",
            RunInput.JsonLines => string.Concat(Enumerable.Repeat("{\"answer\":\"a\"}\n", 25)),
            _ => "question,answer\r\n" + string.Concat(Enumerable.Repeat(",a\r\n", 25)),
        };

        var (run, errors) = RunInput.Read(contentType, body);

        Assert.Null(run);
        Assert.Equal("is required", Assert.Single(errors, e => e.Key == key).Value.Single());
        Assert.Single(errors);
    }

    [Fact]
    public void Read_ManyKindsOfError_ListsTwentyKindsAndCountsTheRest()
    {
        var rows = string.Concat(Enumerable.Range(0, 25).Select(i => $"{{\"question\":\"q\",\"metadata\":{{\"k{i}\":\"{new string('v', 300 + i)}\"}}}}\n"));

        var (run, errors) = RunInput.Read(RunInput.JsonLines, rows);

        Assert.Null(run);
        Assert.Equal(21, errors.Count);
        Assert.Equal("and 5 more samples have other errors (only the first 20 kinds are listed)", errors.Message("samples"));
    }

    [Fact]
    public void Read_OneBadSample_AcceptsNothing()
    {
        var (run, errors) = RunInput.Read(RunInput.JsonLines, "{\"question\":\"q1\"}\n{\"question\":\"\"}\n{\"question\":\"q3\"}\n");

        Assert.Null(run);
        Assert.Equal("must not be blank", Assert.Single(errors).Value.Single());
    }

    private static string Samples(string contentType, int count, int answerLength)
    {
        var answer = new string('a', answerLength);
        var builder = new StringBuilder();
        switch (contentType)
        {
            case RunInput.Json:
                builder.Append("""{"samples":[""");
                for (var i = 0; i < count; i++)
                {
                    builder.Append(i == 0 ? "" : ",").Append($$"""{"question":"q{{i}}","answer":"{{answer}}","contexts":["c1","c2"],"ground_truth":"g"}""");
                }

                return builder.Append("]}").ToString();
            case RunInput.JsonLines:
                for (var i = 0; i < count; i++)
                {
                    // RAGAS names: the slower path, which renames them.
                    builder.Append($$"""{"user_input":"q{{i}}","response":"{{answer}}","retrieved_contexts":["c1","c2"],"reference":"g"}""").Append('\n');
                }

                return builder.ToString();
            default:
                builder.Append("user_input,response,retrieved_contexts,reference,metadata.app\r\n");
                for (var i = 0; i < count; i++)
                {
                    builder.Append($"q{i},\"{answer}\",\"[\"\"c1\"\",\"\"c2\"\"]\",g,dify\r\n");
                }

                return builder.ToString();
        }
    }
}
