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
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add("ScoreJobs__Judge__Endpoint must be an absolute http(s) URL of an OpenAI-compatible API, such as " +
                "https://NAME.openai.azure.com/openai/v1/, https://api.openai.com/v1 or http://localhost:11434/v1");
        }
        else
        {
            if (JudgeOptions.IsAzureOpenAIHost(endpoint) && !endpoint.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"ScoreJobs__Judge__Endpoint points at Azure OpenAI but not at its v1 API; use https://{endpoint.Host}/openai/v1/");
            }

            if (options.Authentication == JudgeAuthentication.EntraId && endpoint.Scheme != "https")
            {
                failures.Add("ScoreJobs__Judge__Endpoint must use https for Entra ID authentication (or set ScoreJobs__Judge__ApiKey)");
            }

            if (!string.IsNullOrEmpty(endpoint.UserInfo))
            {
                failures.Add("ScoreJobs__Judge__Endpoint must not carry credentials; put the key in ScoreJobs__Judge__ApiKey");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("ScoreJobs__Judge__Model is required when ScoreJobs__Judge__Endpoint is set " +
                "(the deployment name on Azure OpenAI, the model name elsewhere)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
