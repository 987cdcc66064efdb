namespace ScoreJobs.Cli.Datasets;

public sealed class DatasetFormatTests
{
    [Theory]
    [InlineData("qa.jsonl", "application/x-ndjson", true)]
    [InlineData("qa.NDJSON", "application/x-ndjson", true)]
    [InlineData("dir/qa.csv", "text/csv", true)]
    [InlineData("qa.json", "application/json", false)]
    public void FromPath_Extension_GivesContentTypeAndWhereSettingsGo(string path, string contentType, bool settingsInQuery)
    {
        var format = DatasetFormat.FromPath(path);

        Assert.Equal(contentType, format.ContentType);
        Assert.Equal(settingsInQuery, format.SettingsInQuery);
    }

    [Theory]
    [InlineData("qa.txt")]
    [InlineData("qa")]
    [InlineData("qa.xlsx")]
    public void FromPath_UnknownExtension_NamesTheAcceptedOnes(string path)
    {
        var error = Assert.Throws<CliException>(() => DatasetFormat.FromPath(path));

        Assert.Equal(ExitCodes.Error, error.ExitCode);
        Assert.Contains(".jsonl", error.Message);
        Assert.Contains(".csv", error.Message);
    }
}
