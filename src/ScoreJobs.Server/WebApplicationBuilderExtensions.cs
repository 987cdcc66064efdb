namespace ScoreJobs.Server;

public static class WebApplicationBuilderExtensions
{
    /// <summary>Listens on <paramref name="url"/> (the func CLI's port) unless --urls or ASPNETCORE_URLS says otherwise.</summary>
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string url)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) &&
            string.IsNullOrEmpty(builder.Configuration["http_ports"]) && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(url);
        }

        return builder;
    }
}
