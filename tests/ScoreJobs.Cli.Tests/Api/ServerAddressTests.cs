namespace ScoreJobs.Cli.Api;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("https://host", "https://host/")]
    [InlineData("https://host/", "https://host/")]
    [InlineData("https://host/api", "https://host/")]
    [InlineData("https://host/api/", "https://host/")]
    [InlineData("https://host/API", "https://host/")]
    [InlineData("http://localhost:7071", "http://localhost:7071/")]
    [InlineData(" https://host/prefix/api ", "https://host/prefix/")]
    [InlineData("https://host/prefix", "https://host/prefix/")]
    public void Parse_SiteRootOrApi_IsTheSiteRoot(string given, string root)
    {
        Assert.Equal(root, ServerAddress.Parse(given).ToString());
    }

    [Theory]
    [InlineData("host.example")]
    [InlineData("ftp://host")]
    [InlineData("https://host/api?code=1")]
    [InlineData("not a url")]
    public void Parse_NotAnHttpRoot_IsAUsageError(string given)
    {
        var error = Assert.Throws<CliException>(() => ServerAddress.Parse(given));

        Assert.Equal(ExitCodes.Error, error.ExitCode);
        Assert.Contains("--url", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Parse_Nothing_SaysWhereTheUrlComesFrom(string? given)
    {
        var error = Assert.Throws<CliException>(() => ServerAddress.Parse(given));

        Assert.Contains("SCOREJOBS_URL", error.Message);
    }

    [Theory]
    [InlineData("https://host/api", "api/score/runs", "https://host/api/score/runs")]
    [InlineData("https://host/prefix", "/api/score/runs/r1", "https://host/prefix/api/score/runs/r1")]
    [InlineData("https://host", "https://other/api/score/runs/r1", "https://other/api/score/runs/r1")]
    public void Resolve_RouteOrServerPath_IsAbsoluteUnderTheRoot(string root, string route, string expected)
    {
        Assert.Equal(expected, ServerAddress.Parse(root).Resolve(route).ToString());
    }
}
