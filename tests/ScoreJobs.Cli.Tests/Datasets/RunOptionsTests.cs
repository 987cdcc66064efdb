namespace ScoreJobs.Cli.Datasets;

public sealed class RunOptionsTests
{
    private static RunOptions Parse(string? name = null, string? metrics = null, string[]? thresholds = null, string[]? weights = null,
        string[]? tags = null, bool batch = false, bool noCache = false) =>
        RunOptions.Parse(name, metrics, thresholds ?? [], weights ?? [], tags ?? [], batch, noCache);

    [Fact]
    public void Parse_EverySetting_IsRead()
    {
        var options = Parse(" nightly ", "exact_match, token_f1,,token_f1", ["token_f1=0.8", "exact_match:1"], ["token_f1=2"],
            ["commit=abc123", "url=https://x/y?a=b"], batch: true, noCache: true);

        Assert.Equal("nightly", options.Name);
        Assert.Equal(["exact_match", "token_f1"], options.Metrics);
        Assert.Equal([new("token_f1", 0.8), new("exact_match", 1.0)], options.Thresholds);
        Assert.Equal([new("token_f1", 2.0)], options.Weights);
        Assert.Equal([new("commit", "abc123"), new("url", "https://x/y?a=b")], options.Tags);
        Assert.True(options.Batch);
        Assert.False(options.Cache);
    }

    [Fact]
    public void Parse_Nothing_LeavesTheServersDefaults()
    {
        var options = Parse();

        Assert.Null(options.Name);
        Assert.Null(options.Metrics);
        Assert.Empty(options.Thresholds);
        Assert.True(options.Cache);
        Assert.False(options.Batch);
    }

    [Theory]
    [InlineData("token_f1=1.01")]
    [InlineData("token_f1=-0.1")]
    [InlineData("token_f1=high")]
    [InlineData("token_f1")]
    [InlineData("=0.8")]
    [InlineData("token_f1=NaN")]
    public void Parse_BadThreshold_IsAUsageErrorWithAnExample(string threshold)
    {
        var error = Assert.Throws<CliException>(() => Parse(thresholds: [threshold]));

        Assert.Equal(ExitCodes.Error, error.ExitCode);
        Assert.Contains("--threshold", error.Message);
        Assert.Contains("token_f1=0.8", error.Message);
    }

    [Fact]
    public void Parse_NegativeWeight_IsAUsageError()
    {
        var error = Assert.Throws<CliException>(() => Parse(weights: ["token_f1=-1"]));

        Assert.Contains("--weight", error.Message);
    }

    [Fact]
    public void Parse_SameMetricTwice_IsAUsageError()
    {
        var error = Assert.Throws<CliException>(() => Parse(thresholds: ["token_f1=0.5", "token_f1=0.6"]));

        Assert.Contains("token_f1 more than once", error.Message);
    }

    [Fact]
    public void Parse_EmptyMetricList_IsAUsageError()
    {
        Assert.Throws<CliException>(() => Parse(metrics: " , "));
    }
}
