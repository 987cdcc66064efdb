using Microsoft.Extensions.Options;

namespace ScoreJobs.Server;

/// <summary>Each allowed origin must be an origin (scheme, host, port; no path); <c>*</c> only where a token guards the API.</summary>
internal sealed class ServerOptionsValidator(IOptions<ScoreJobsOptions> core) : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var setting = options.UsesOldCorsSetting ? ServerOptions.OldCorsOriginsSetting : ServerOptions.AllowedOriginsSetting;
        var failures = new List<string>();
        foreach (var origin in options.AllowedOriginList)
        {
            if (origin == "*")
            {
                if (string.IsNullOrEmpty(core.Value.ApiToken))
                {
                    failures.Add($"{setting} is '*' while ScoreJobs__ApiToken is unset: any web page could read every record. " +
                        "Name the records page's origin (https://records.example.com), or set ScoreJobs__ApiToken.");
                }
            }
            else if (!IsOrigin(origin))
            {
                failures.Add($"{setting} must be comma-separated origins such as https://records.example.com (scheme, host and port, no path); '{origin}' is not one.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.PathAndQuery == "/" &&
        !text.EndsWith('/') && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment);
}
