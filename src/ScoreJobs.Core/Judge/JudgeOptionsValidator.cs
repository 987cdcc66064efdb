using Microsoft.Extensions.Options;

namespace ScoreJobs.Judge;

/// <summary>
/// The checks DataAnnotations cannot express. Runs at start, so a bad setting stops the host with its name.
/// Never echoes a value: an endpoint may carry a key in its query string.
/// </summary>
internal sealed class JudgeOptionsValidator : IValidateOptions<JudgeOptions>
{
    public ValidateOptionsResult Validate(string? name, JudgeOptions options)
    {
        if (!options.IsConfigured) return ValidateOptionsResult.Success;

        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Provider)
            && options.Provider.Trim().ToLowerInvariant() is not (JudgeOptions.AzureProvider or JudgeOptions.OpenAIProvider))
        {
            failures.Add("ScoreJobs__Judge__Provider must be azure (Azure OpenAI) or openai (OpenAI and OpenAI-compatible servers), " +
                "or unset to infer it from ScoreJobs__Judge__Endpoint");
        }

        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add("ScoreJobs__Judge__Endpoint must be an absolute http(s) URL, such as https://NAME.openai.azure.com/ " +
                "(Azure OpenAI deployments), https://NAME.openai.azure.com/openai/v1/, https://api.openai.com/v1 or http://localhost:11434/v1");
        }
        else
        {
            ValidateEndpoint(options, endpoint, failures);
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("ScoreJobs__Judge__Model is required when ScoreJobs__Judge__Endpoint is set " +
                "(the deployment name on Azure OpenAI, the model name elsewhere)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoint(JudgeOptions options, Uri endpoint, List<string> failures)
    {
        if (!string.IsNullOrEmpty(endpoint.UserInfo))
        {
            failures.Add("ScoreJobs__Judge__Endpoint must not carry credentials; put the key in ScoreJobs__Judge__ApiKey");
        }

        if (options.Authentication == JudgeAuthentication.EntraId && endpoint.Scheme != "https")
        {
            failures.Add("ScoreJobs__Judge__Endpoint must use https for Entra ID authentication (or set ScoreJobs__Judge__ApiKey)");
        }

        var path = endpoint.AbsolutePath.TrimEnd('/');
        if (options.Api == JudgeApi.AzureDeployments
            && (path.EndsWith("/openai", StringComparison.OrdinalIgnoreCase)
                || path.Contains("/openai/deployments", StringComparison.OrdinalIgnoreCase)
                || endpoint.Query.Length > 0))
        {
            // The client adds /openai/deployments/{deployment}/...?api-version= itself.
            failures.Add($"ScoreJobs__Judge__Endpoint of a classic Azure OpenAI resource is its base URL, such as https://{endpoint.Host}/, " +
                "with the deployment in ScoreJobs__Judge__Model and the api-version in ScoreJobs__Judge__ApiVersion; " +
                $"for the v1 API use https://{endpoint.Host}/openai/v1/");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion)) return;

        if (options.Api != JudgeApi.AzureDeployments)
        {
            failures.Add("ScoreJobs__Judge__ApiVersion applies to classic Azure OpenAI endpoints only (https://NAME.openai.azure.com/); " +
                "the v1 API and OpenAI-compatible endpoints take none, so leave it unset");
        }
        else if (!AzureApiVersion.TryParse(options.ApiVersion, out _))
        {
            failures.Add("ScoreJobs__Judge__ApiVersion must be an Azure OpenAI api-version the client knows: " + string.Join(", ", AzureApiVersion.Supported));
        }
    }
}
