using System.ComponentModel.DataAnnotations;

namespace ScoreJobs.Server;

/// <summary>Settings only the self-hosted server has (section <c>ScoreJobs</c>, like the rest).</summary>
public sealed class ServerOptions
{
    public const string AllowedOriginsSetting = "ScoreJobs__Cors__AllowedOrigins";
    public const string OldCorsOriginsSetting = "ScoreJobs__CorsOrigins";

    /// <summary>The records page folder, served at <c>/</c> when it exists. Relative to the working directory.</summary>
    [Required]
    public string StaticSiteDirectory { get; set; } = "static-site";

    /// <summary>Which other origins' pages may call the API from a browser (<c>ScoreJobs__Cors__AllowedOrigins</c>).</summary>
    public ServerCorsOptions Cors { get; set; } = new();

    /// <summary>The old name of <see cref="ServerCorsOptions.AllowedOrigins"/>, read only when the new one is unset (with a warning).</summary>
    public string? CorsOrigins { get; set; }

    /// <summary>The origins in effect: the new setting, else the old one, else none (no CORS at all).</summary>
    public IReadOnlyList<string> AllowedOriginList =>
        (string.IsNullOrWhiteSpace(Cors.AllowedOrigins) ? CorsOrigins : Cors.AllowedOrigins)?
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Whether the origins come from the old setting name.</summary>
    public bool UsesOldCorsSetting => string.IsNullOrWhiteSpace(Cors.AllowedOrigins) && !string.IsNullOrWhiteSpace(CorsOrigins);
}

/// <summary>The server's CORS: closed unless origins are named.</summary>
public sealed class ServerCorsOptions
{
    /// <summary>Comma-separated origins (<c>https://records.example.com</c>); <c>*</c> for any (only with an API token). Unset: no CORS.</summary>
    public string? AllowedOrigins { get; set; }
}
