using System.ComponentModel.DataAnnotations;

namespace ScoreJobs.Server;

/// <summary>Settings only the self-hosted server has (section <c>ScoreJobs</c>, like the rest).</summary>
public sealed class ServerOptions
{
    /// <summary>The records page folder, served at <c>/</c> when it exists. Relative to the working directory.</summary>
    [Required]
    public string StaticSiteDirectory { get; set; } = "static-site";

    /// <summary>Origins allowed to call the API from a browser, comma-separated; <c>*</c> for any (the default: the API uses bearer tokens, not cookies).</summary>
    public string CorsOrigins { get; set; } = "*";
}
