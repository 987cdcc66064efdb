using System.Net;

namespace ScoreJobs.Server;

public sealed class RecordsPageTests : IDisposable
{
    private readonly string _site = Path.Combine(Path.GetTempPath(), "scorejobs-site-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Root_SiteFolderExists_ServesIndex()
    {
        Directory.CreateDirectory(_site);
        await File.WriteAllTextAsync(Path.Combine(_site, "index.html"), "<title>评分记录</title>");
        using var server = new ServerFactory(new() { ["ScoreJobs:StaticSiteDirectory"] = _site });

        var response = await server.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("评分记录", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Root_NoSiteFolder_ApiStillServes()
    {
        using var server = new ServerFactory();

        Assert.Equal(HttpStatusCode.NotFound, (await server.CreateClient().GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync("/api/health")).StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_site)) Directory.Delete(_site, recursive: true);
    }
}
