namespace ScoreJobs.Cli.Api;

/// <summary>The site root of a ScoreJobs host, whether the user gave <c>https://host</c>, <c>https://host/</c> or <c>https://host/api</c>.</summary>
internal sealed record ServerAddress(Uri Root)
{
    public static ServerAddress Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new CliException("No server given: pass --url https://your-app (the site root) or set SCOREJOBS_URL.");
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
            throw new CliException($"--url must be an http or https address such as https://your-app.azurewebsites.net, not \"{trimmed}\".");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new CliException($"--url must be the site root without a query or fragment, not \"{trimmed}\".");

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/api", StringComparison.OrdinalIgnoreCase)) path = path[..^"/api".Length];
        return new ServerAddress(new UriBuilder(uri) { Path = path + "/" }.Uri);
    }

    /// <summary>An API route (<c>api/score/runs/...</c>) or a server-given path such as <c>/api/score/runs/x</c>, made absolute.</summary>
    public Uri Resolve(string route)
    {
        if (Uri.TryCreate(route, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https") return absolute;
        return new Uri(Root, route.TrimStart('/'));
    }

    public override string ToString() => Root.ToString();
}
