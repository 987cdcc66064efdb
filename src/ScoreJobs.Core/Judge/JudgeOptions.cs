using System.ComponentModel.DataAnnotations;

namespace ScoreJobs.Judge;

/// <summary>
/// The <c>ScoreJobs:Judge</c> configuration section (environment: <c>ScoreJobs__Judge__Name</c>): one
/// endpoint (Azure OpenAI, classic or v1; OpenAI; Ollama, vLLM...) and how to call it.
/// No <see cref="Endpoint"/> means no judge: only the offline metrics are available.
/// </summary>
public sealed class JudgeOptions
{
    public const string Section = "ScoreJobs:Judge";

    internal const string AzureProvider = "azure";

    internal const string OpenAIProvider = "openai";

    private static readonly string[] AzureHostSuffixes =
    [
        ".openai.azure.com", ".openai.azure.cn", ".openai.azure.us",
        ".cognitiveservices.azure.com", ".cognitiveservices.azure.cn", ".cognitiveservices.azure.us",
        ".services.ai.azure.com",
    ];

    /// <summary>
    /// The endpoint: an Azure OpenAI resource (<c>https://NAME.openai.azure.com/</c>, classic deployments) or its
    /// v1 API (<c>https://NAME.openai.azure.com/openai/v1/</c>), or an OpenAI-compatible base URL
    /// (<c>https://api.openai.com/v1</c>, <c>http://localhost:11434/v1</c> for Ollama...).
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// <c>azure</c> (Azure OpenAI) or <c>openai</c> (OpenAI and OpenAI-compatible servers). Unset: inferred from
    /// the endpoint (see <see cref="IsAzureEndpoint"/>). An explicit value wins.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>The Azure OpenAI <c>api-version</c> of a classic endpoint. Unset: the Azure.AI.OpenAI client's default.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>
    /// The endpoint's key. Sent as <c>api-key</c> to Azure OpenAI and as a bearer token elsewhere.
    /// Without a key an Azure endpoint is called with Entra ID tokens (<c>DefaultAzureCredential</c>),
    /// any other endpoint without authentication.
    /// </summary>
    public string? ApiKey { get; set; }
    /// <summary>The chat model (the deployment name on Azure OpenAI). Required with <see cref="Endpoint"/>.</summary>
    public string? Model { get; set; }

    /// <summary>
    /// The embedding model (deployment). Optional: with it, answer_relevancy uses the cosine similarity of
    /// generated questions and answer_correctness blends in semantic similarity, as RAGAS does.
    /// </summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>The timeout of one HTTP call to the endpoint; a call that takes longer is retried as a timeout.</summary>
    [Range(0.05, 3600, ErrorMessage = "ScoreJobs__Judge__CallTimeoutSeconds must be between {1} and {2}")]
    public double CallTimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of a call that failed with 408, 429, 5xx, a timeout or a dropped connection.</summary>
    [Range(0, 10, ErrorMessage = "ScoreJobs__Judge__MaxRetries must be between {1} and {2}")]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff delay; it doubles with each retry, with jitter, unless the endpoint sends Retry-After.</summary>
    [Range(0, 60, ErrorMessage = "ScoreJobs__Judge__RetryBaseDelaySeconds must be between {1} and {2}")]
    public double RetryBaseDelaySeconds { get; set; } = 1;

    /// <summary>The longest wait before a retry. A Retry-After beyond it fails the call at once as rate_limit.</summary>
    [Range(0, 600, ErrorMessage = "ScoreJobs__Judge__MaxRetryDelaySeconds must be between {1} and {2}")]
    public double MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>Judge calls in flight at once across all jobs of this process.</summary>
    [Range(1, 4096, ErrorMessage = "ScoreJobs__Judge__MaxConcurrentCalls must be between {1} and {2}")]
    public int MaxConcurrentCalls { get; set; } = 128;

    /// <summary>
    /// The completion budget of one call (<c>max_completion_tokens</c>). Generous on purpose: reasoning
    /// models spend tokens before they answer, and a cut-off reply is a failure, not a score.
    /// </summary>
    [Range(256, 1_000_000, ErrorMessage = "ScoreJobs__Judge__MaxCompletionTokens must be between {1} and {2}")]
    public int MaxCompletionTokens { get; set; } = 8192;

    /// <summary>
    /// How long a judge reply is reused for the same endpoint, model, prompt version, messages and schema. 0 turns the
    /// cache off. Replies are stored beside the records (folder <c>{JobsDirectory}/.judge-cache</c> or container <c>score-jobs-cache</c>).
    /// </summary>
    [Range(0, 87_600, ErrorMessage = "ScoreJobs__Judge__CacheTtlHours must be between {1} and {2} (0 turns the cache off)")]
    public double CacheTtlHours { get; set; } = 168;

    /// <summary>
    /// Batch-mode runs: the wait before a submitted batch's status is first read; it doubles with each read up to
    /// <see cref="BatchMaxPollSeconds"/>.
    /// </summary>
    [Range(0.01, 3600, ErrorMessage = "ScoreJobs__Judge__BatchPollSeconds must be between {1} and {2}")]
    public double BatchPollSeconds { get; set; } = 10;

    /// <summary>Batch-mode runs: the longest wait between two reads of a batch's status.</summary>
    [Range(0.01, 3600, ErrorMessage = "ScoreJobs__Judge__BatchMaxPollSeconds must be between {1} and {2}")]
    public double BatchMaxPollSeconds { get; set; } = 600;

    /// <summary>Prices per model (or deployment), turning tokens into money in every record's usage. Empty: no cost shown.</summary>
    public List<Pricing.ModelPrice> Prices { get; set; } = [];

    /// <summary>The currency the <see cref="Prices"/> are in, an ISO 4217 code.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// The judge spend allowed per UTC day, in <see cref="Currency"/> at the <see cref="Prices"/>; null: no limit. Once
    /// reached, jobs that need the judge wait queued until the next day or a larger budget (<see cref="Budget.JudgeBudget"/>).
    /// </summary>
    public decimal? DailyBudget { get; set; }

    /// <summary>
    /// The models or deployments a caller may name in <c>judge_model</c> / <c>embedding_model</c>, comma-separated, beside
    /// <see cref="Model"/> and <see cref="EmbeddingModel"/>, which are always allowed. Unset: only those two, so no caller
    /// picks a dearer deployment at the operator's cost.
    /// </summary>
    public string? AllowedModels { get; set; }

    /// <summary>Every model a request may name: <see cref="AllowedModels"/> plus the configured ones.</summary>
    public IReadOnlyList<string> AllowedModelList =>
        [.. (AllowedModels ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(new[] { Model, EmbeddingModel }.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim()))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>Adds a problem to <paramref name="errors"/> for a requested model this judge may not use (none when no judge is configured: no model is called).</summary>
    internal void CheckRequestedModels(string? judgeModel, string? embeddingModel, Requests.RequestErrors errors)
    {
        if (!IsConfigured) return;
        var allowed = AllowedModelList;
        foreach (var (field, model) in new[] { ("judge_model", judgeModel), ("embedding_model", embeddingModel) })
        {
            if (model is null || allowed.Contains(model.Trim(), StringComparer.Ordinal)) continue;
            errors.Add(field, $"'{Text.TextClipping.ClipWithEllipsis(model, 60)}' is not a model this server lets callers choose: use one of {string.Join(", ", allowed)}, " +
                "or leave it out for the configured one (the operator lists more in ScoreJobs__Judge__AllowedModels)");
        }
    }

    /// <summary>True when an endpoint is configured, so the judge metrics are available.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>How calls are authenticated, for health output and logs (never the key itself).</summary>
    public JudgeAuthentication Authentication =>
        !string.IsNullOrWhiteSpace(ApiKey) ? JudgeAuthentication.ApiKey
        : IsAzure ? JudgeAuthentication.EntraId
        : JudgeAuthentication.None;

    /// <summary>True for Azure OpenAI: <see cref="Provider"/> when set, else inferred from the endpoint.</summary>
    internal bool IsAzure => Provider?.Trim().ToLowerInvariant() switch
    {
        AzureProvider => true,
        OpenAIProvider => false,
        _ => IsAzureEndpoint(Endpoint),
    };

    /// <summary>Which API the endpoint serves; a v1 path (ending in <c>/openai/v1</c>) tells Azure's v1 API from classic deployments.</summary>
    internal JudgeApi Api => !IsAzure ? JudgeApi.OpenAI
        : Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && IsV1Path(uri) ? JudgeApi.AzureV1
        : JudgeApi.AzureDeployments;

    /// <summary>
    /// Azure OpenAI by host name (<c>*.openai.azure.com</c>, <c>*.openai.azure.cn</c> and <c>.us</c>,
    /// <c>*.cognitiveservices.azure.com</c>, Azure AI Foundry's <c>*.services.ai.azure.com</c>), or any endpoint whose
    /// path ends in <c>/openai/v1</c> (Azure's v1 shape, also behind API Management or a private DNS name).
    /// </summary>
    public static bool IsAzureEndpoint(string? endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) return false;
        return AzureHostSuffixes.Any(h => uri.Host.EndsWith(h, StringComparison.OrdinalIgnoreCase)) || IsV1Path(uri);
    }

    /// <summary>The Entra ID scope for the endpoint's cloud: Azure China and Azure Government have their own.</summary>
    internal static string EntraIdScope(Uri endpoint) =>
        endpoint.Host.EndsWith(".azure.cn", StringComparison.OrdinalIgnoreCase) ? "https://cognitiveservices.azure.cn/.default"
        : endpoint.Host.EndsWith(".azure.us", StringComparison.OrdinalIgnoreCase) ? "https://cognitiveservices.azure.us/.default"
        : "https://cognitiveservices.azure.com/.default";

    internal static bool IsV1Path(Uri uri) => uri.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase);
}
