using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Server;

/// <summary>Serves the records page (static-site/) at / when the folder exists.</summary>
public static class RecordsPage
{
    public static WebApplication UseRecordsPage(this WebApplication app)
    {
        var folder = Path.GetFullPath(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.StaticSiteDirectory);
        if (!Directory.Exists(folder))
        {
            Log.NoRecordsPage(app.Logger, folder);
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
