using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using ScoreJobs.Judge.Batch;

namespace ScoreJobs.Judge;

/// <summary>
/// The provider client for the configured endpoint, adapted to Microsoft.Extensions.AI: <see cref="AzureOpenAIClient"/>
/// for classic Azure OpenAI deployments, <see cref="OpenAIClient"/> for Azure's v1 API (an OpenAI-shaped API that
/// the Azure client cannot address) and every OpenAI-compatible server. The SDKs' own retries are off: retries
/// are the judge's (<see cref="JudgeRetryPipeline"/>). Every client sends through one <see cref="HttpClient"/> whose
/// innermost handler is the <see cref="JudgeCallLog"/>, so each request that goes on the wire is counted once.
/// </summary>
internal sealed class JudgeClientFactory
{
    private readonly JudgeOptions _options;
    private readonly OpenAIClient _provider;
    private readonly Uri _endpoint;
    private readonly PipelineTransport _transport;
    private readonly TokenCredential? _credential;

    // network replaces the handler that opens connections (tests trust a local certificate through it; the batch
    // collection records requests instead of sending them, and logCalls is off there: nothing goes out);
    // credential replaces DefaultAzureCredential for Entra ID.
    public JudgeClientFactory(JudgeOptions options, ILogger logger, HttpMessageHandler? network = null, TokenCredential? credential = null, bool logCalls = true)
    {
        if (!options.IsConfigured || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new ArgumentException("ScoreJobs__Judge__Endpoint is not an absolute URL", nameof(options));
        }

        _options = options;
        _endpoint = endpoint;
        _transport = new HttpClientPipelineTransport(CreateHttpClient(network ?? CreateNetworkHandler(), logCalls));
        _credential = credential;
        _provider = options.Api == JudgeApi.AzureDeployments
            ? CreateAzureClient(options, endpoint, _transport, credential)
            : CreateOpenAIClient(options, endpoint, _transport, credential);
        Log.JudgeConfigured(logger, endpoint.GetLeftPart(UriPartial.Path), options.Api, options.Model ?? "", options.Authentication);
    }

    /// <summary>The chat client; each request's <see cref="ChatOptions.ModelId"/> picks the model or deployment.</summary>
    public IChatClient CreateChatClient() =>
        new ModelRoutingChatClient(model => _provider.GetChatClient(model).AsIChatClient(), _options.Model!);

    /// <summary>The embedding generator; each request's <see cref="EmbeddingGenerationOptions.ModelId"/> picks the model.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator() =>
        new ModelRoutingEmbeddingGenerator(model => _provider.GetEmbeddingClient(model).AsIEmbeddingGenerator(), _options.EmbeddingModel);

    /// <summary>
    /// The Batch API (files and batches) of the same endpoint, with the same credentials. Classic Azure OpenAI is reached
    /// through the OpenAI client at <c>{resource}/openai/</c> with the api-version added to every call: Azure.AI.OpenAI
    /// 2.9.0-beta.1's own batch client fails against OpenAI 2.15.0 (MissingMethodException on BatchClient's constructor).
    /// </summary>
#pragma warning disable OPENAI001 // The SDK marks its batch client experimental.
    public JudgeBatchClient CreateBatchClient()
    {
        if (_options.Api != JudgeApi.AzureDeployments) return new JudgeBatchClient(_provider.GetOpenAIFileClient(), _provider.GetBatchClient(), _options.Api);

        // With no api-version configured, the newest the Azure client knows, which is also its default.
        var version = string.IsNullOrWhiteSpace(_options.ApiVersion) ? AzureApiVersion.Supported[^1] : _options.ApiVersion.Trim();
        var client = CreateOpenAIClient(_options, new Uri(_endpoint, "openai/"), _transport, _credential, new ApiVersionPolicy(version));
        return new JudgeBatchClient(client.GetOpenAIFileClient(), client.GetBatchClient(), _options.Api);
    }
#pragma warning restore OPENAI001

    private static AzureOpenAIClient CreateAzureClient(JudgeOptions options, Uri endpoint, PipelineTransport transport, TokenCredential? credential)
    {
        var clientOptions = AzureApiVersion.TryParse(options.ApiVersion, out var version)
            ? new AzureOpenAIClientOptions(version)
            : new AzureOpenAIClientOptions();
        clientOptions.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        clientOptions.NetworkTimeout = NetworkTimeout(options);
        clientOptions.UserAgentApplicationId = "ScoreJobs";
        clientOptions.Audience = new AzureOpenAIAudience(JudgeOptions.EntraIdScope(endpoint));
        clientOptions.Transport = transport;

        return options.Authentication == JudgeAuthentication.ApiKey
            ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(options.ApiKey!), clientOptions)
            : new AzureOpenAIClient(endpoint, credential ?? new DefaultAzureCredential(), clientOptions);
    }

#pragma warning disable OPENAI001 // The AuthenticationPolicy constructor is how the SDK takes an api-key header or Entra ID tokens.
    private static OpenAIClient CreateOpenAIClient(JudgeOptions options, Uri endpoint, PipelineTransport transport, TokenCredential? credential, PipelinePolicy? perCall = null)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = NetworkTimeout(options),
            UserAgentApplicationId = "ScoreJobs",
        };
        clientOptions.Transport = transport;
        if (perCall is not null) clientOptions.AddPolicy(perCall, PipelinePosition.PerCall);

        return options.Authentication switch
        {
            // Azure's documented key header; API Management fronts of the v1 API often take only this.
            JudgeAuthentication.ApiKey when options.IsAzure => new OpenAIClient(
                ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(options.ApiKey!), "api-key"), clientOptions),
            JudgeAuthentication.ApiKey => new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions),
            JudgeAuthentication.EntraId => new OpenAIClient(
                new BearerTokenPolicy(credential ?? new DefaultAzureCredential(), JudgeOptions.EntraIdScope(endpoint)), clientOptions),
            _ => new OpenAIClient(new AnonymousAuthenticationPolicy(), clientOptions),
        };
    }
#pragma warning restore OPENAI001

    /// <summary>
    /// The client every judge request goes through: the call log right above the network, so a request is counted as it
    /// goes on the wire. The pipeline's <see cref="ClientPipelineOptions.NetworkTimeout"/> bounds each request, not
    /// <see cref="HttpClient.Timeout"/>, as with the SDK's own transport.
    /// </summary>
    private static HttpClient CreateHttpClient(HttpMessageHandler network, bool logCalls) =>
        new(logCalls ? new JudgeCallLog(network) : network) { Timeout = Timeout.InfiniteTimeSpan };

    // As the SDK's default transport is set up: no redirects, no cookies; connections renewed so a DNS change is seen.
    private static SocketsHttpHandler CreateNetworkHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    // The judge's own per-attempt timeout fires first; this only bounds a transport that ignores cancellation.
    private static TimeSpan NetworkTimeout(JudgeOptions options) => TimeSpan.FromSeconds(options.CallTimeoutSeconds) + TimeSpan.FromSeconds(5);

    /// <summary>Adds <c>api-version</c> to every request's query, as classic Azure OpenAI requires.</summary>
    private sealed class ApiVersionPolicy(string version) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddVersion(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            AddVersion(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void AddVersion(PipelineMessage message)
        {
            var uri = message.Request.Uri!;
            if (uri.Query.Contains("api-version=", StringComparison.Ordinal)) return;
            message.Request.Uri = new UriBuilder(uri) { Query = (uri.Query.Length > 1 ? uri.Query[1..] + "&" : "") + "api-version=" + Uri.EscapeDataString(version) }.Uri;
        }
    }

    /// <summary>For servers without authentication (a local Ollama or vLLM): sends no credential at all.</summary>
    private sealed class AnonymousAuthenticationPolicy : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
