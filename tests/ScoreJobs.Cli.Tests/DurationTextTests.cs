namespace ScoreJobs.Cli;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("30m", 1800)]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("01:00:00", 3600)]
    [InlineData(" 45M ", 2700)]
    public void Parse_CommonForms(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--timeout"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("0s")]
    [InlineData("-5m")]
    [InlineData("10")]
    public void Parse_Nonsense_IsAUsageErrorWithExamples(string text)
    {
        var error = Assert.Throws<CliException>(() => DurationText.Parse(text, "--timeout"));

        Assert.Contains("--timeout takes a duration such as 2h", error.Message);
    }

    [Theory]
    [InlineData(0.4, "1s")]
    [InlineData(12, "12s")]
    [InlineData(250, "4m10s")]
    [InlineData(3900, "1h05m")]
    public void Format_TwoLargestUnits(double seconds, string text)
    {
        Assert.Equal(text, DurationText.Format(TimeSpan.FromSeconds(seconds)));
    }
}
