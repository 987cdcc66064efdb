using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using ScoreJobs.Metrics;

namespace ScoreJobs.Judge;

/// <summary>
/// The judge over the official OpenAI SDK, against one OpenAI-compatible endpoint. Adds what the SDK
/// leaves to callers: retries with backoff that honour Retry-After and count every call, a per-call
/// timeout, a process-wide cap on calls in flight, the structured-output fallback, and a failure
/// kind for every way a call can go wrong.
/// </summary>
public sealed class OpenAIJudgeClient : IJudgeClient, IDisposable
{
    /// <summary>The Entra ID scope of Azure OpenAI.</summary>
    public const string AzureOpenAIScope = "https://cognitiveservices.azure.com/.default";

    private readonly JudgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OpenAIClient _client;
    private readonly SemaphoreSlim _gate;
    private readonly SecretScrubber _scrubber;
    private readonly TimeSpan _callTimeout;
    private readonly ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EmbeddingClient> _embeddingClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JudgeRequestShape> _shapes = new(StringComparer.Ordinal);

    public OpenAIJudgeClient(IOptions<JudgeOptions> options, TimeProvider time, ILogger<OpenAIJudgeClient> logger)
        : this(options.Value, time, logger, httpClient: null, tokenProvider: null)
    {
    }

    // httpClient replaces the SDK's transport (tests trust a local certificate through it);
    // tokenProvider replaces DefaultAzureCredential for Entra ID.
    internal OpenAIJudgeClient(JudgeOptions options, TimeProvider time, ILogger logger, HttpClient? httpClient, AuthenticationTokenProvider? tokenProvider)
    {
        if (!options.IsConfigured || !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new ArgumentException("ScoreJobs__Judge__Endpoint is not an absolute URL", nameof(options));
        }

        _options = options;
        _time = time;
        _logger = logger;
        _scrubber = new SecretScrubber(options.ApiKey);
        _callTimeout = TimeSpan.FromSeconds(options.CallTimeoutSeconds);
        _gate = new SemaphoreSlim(options.MaxConcurrentCalls, options.MaxConcurrentCalls);

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            // Retries are ours: they honour Retry-After, count every call and respect the job's deadline.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _callTimeout + TimeSpan.FromSeconds(5),
            UserAgentApplicationId = "ScoreJobs",
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        _client = CreateClient(options, endpoint, clientOptions, tokenProvider);
        Log.JudgeConfigured(logger, endpoint.GetLeftPart(UriPartial.Path), options.Model ?? "", options.Authentication);
    }

    public async Task<JudgeCompletion> CompleteAsync(JudgeChatRequest request, CancellationToken cancellationToken)
    {
        var chat = _chatClients.GetOrAdd(request.Model, _client.GetChatClient);
        var remembered = _shapes.GetValueOrDefault(request.Model, JudgeRequestShape.Full);
        var shape = remembered;
        var calls = 0;
        while (true)
        {
            var messages = shape.ToMessages(request);
            var chatOptions = shape.ToChatOptions(request, _options.MaxCompletionTokens);
            var (result, attempts, failure) = await SendAsync(
                request.Model, token => chat.CompleteChatAsync(messages, chatOptions, token), cancellationToken).ConfigureAwait(false);
            calls += attempts;

            if (failure is not null)
            {
                if (failure.IsRejectedRequest && shape.After(failure) is { } reduced)
                {
                    Log.JudgeRequestReduced(_logger, request.Model, failure.Status, shape.ToString(), reduced.ToString());
                    shape = reduced;
                    continue;
                }

                Log.JudgeCallFailed(_logger, request.Model, failure.Failure.Kind, failure.Failure.Message);
                return new JudgeCompletion(null, new TokenUsage(calls, 0, 0), failure.Failure);
            }

            if (shape != remembered)
            {
                _shapes[request.Model] = shape;
            }

            return Read(result!.Value, calls);
        }
    }

    public async Task<JudgeEmbeddings> EmbedAsync(string model, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var embedder = _embeddingClients.GetOrAdd(model, _client.GetEmbeddingClient);
        var (result, calls, failure) = await SendAsync(
            model, token => embedder.GenerateEmbeddingsAsync(inputs, options: null, token), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            Log.JudgeCallFailed(_logger, model, failure.Failure.Kind, failure.Failure.Message);
            return new JudgeEmbeddings([], new TokenUsage(calls, 0, 0), failure.Failure);
        }

        var collection = result!.Value;
        var usage = new TokenUsage(calls, collection.Usage?.InputTokenCount ?? 0, 0);
        if (collection.Count != inputs.Count)
        {
            return new JudgeEmbeddings([], usage, new JudgeFailure(MetricErrorKind.ModelError,
                $"the embedding model returned {collection.Count} vectors for {inputs.Count} inputs"));
        }

        return new JudgeEmbeddings([.. collection.OrderBy(e => e.Index).Select(e => e.ToFloats().ToArray())], usage, null);
    }

    public void Dispose() => _gate.Dispose();

    private JudgeCompletion Read(ChatCompletion completion, int calls)
    {
        var usage = new TokenUsage(calls, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));

        JudgeFailure? failure = null;
        if (completion.FinishReason == ChatFinishReason.Length)
        {
            failure = new JudgeFailure(MetricErrorKind.ModelError,
                $"the judge's reply was cut off by the completion budget of {_options.MaxCompletionTokens} tokens (finish_reason=length); " +
                "raise ScoreJobs__Judge__MaxCompletionTokens", text);
        }
        else if (completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            failure = new JudgeFailure(MetricErrorKind.ModelError, "the endpoint's content filter withheld the judge's reply (finish_reason=content_filter)", text);
        }
        else if (!string.IsNullOrWhiteSpace(completion.Refusal))
        {
            failure = new JudgeFailure(MetricErrorKind.ModelError, "the model refused to judge: " + SecretScrubber.Clip(completion.Refusal, 300));
        }

        if (failure is not null)
        {
            Log.JudgeCallFailed(_logger, completion.Model ?? "", failure.Kind, failure.Message);
        }

        return new JudgeCompletion(failure is null ? text : null, usage, failure);
    }

    /// <summary>One logical call: attempts until success, a failure no retry can fix, or the retry budget is spent.</summary>
    private async Task<(T? Result, int Calls, CallFailure? Failure)> SendAsync<T>(
        string model, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        for (var retry = 0; ; retry++)
        {
            var (result, failure) = await SendOnceAsync(send, cancellationToken).ConfigureAwait(false);
            if (failure is null) return (result, retry + 1, null);

            if (!failure.Retryable || retry >= _options.MaxRetries)
            {
                return (null, retry + 1, retry == 0 ? failure : failure with
                {
                    Failure = failure.Failure with { Message = $"{failure.Failure.Message} (gave up after {retry + 1} attempts)" },
                });
            }

            var maxDelay = TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds);
            if (failure.RetryAfter > maxDelay)
            {
                return (null, retry + 1, failure with
                {
                    Failure = failure.Failure with
                    {
                        Message = $"{failure.Failure.Message} (the endpoint asked to wait {failure.RetryAfter.Value.TotalSeconds:0} s, " +
                            "longer than ScoreJobs__Judge__MaxRetryDelaySeconds)",
                    },
                });
            }

            var delay = failure.RetryAfter is { } asked
                ? JudgeBackoff.Jittered(asked)
                : JudgeBackoff.Exponential(retry, TimeSpan.FromSeconds(_options.RetryBaseDelaySeconds), maxDelay);
            Log.JudgeCallRetrying(_logger, model, failure.Failure.Kind, failure.Status, retry + 1, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One HTTP attempt under the concurrency cap and the per-call timeout. Throws only when the caller cancels.</summary>
    private async Task<(T? Result, CallFailure? Failure)> SendOnceAsync<T>(Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_callTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                return (await send(linked.Token).ConfigureAwait(false), null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, CallFailure.Timeout(_callTimeout));
            }
            catch (ClientResultException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, timeout.IsCancellationRequested ? CallFailure.Timeout(_callTimeout) : CallFailure.FromResponse(ex, _time.GetUtcNow(), _scrubber));
            }
            catch (AuthenticationFailedException ex)
            {
                return (null, CallFailure.Credential(ex, _scrubber));
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                return (null, CallFailure.UnreadableResponse(ex));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

#pragma warning disable OPENAI001 // The AuthenticationPolicy constructor is how the SDK takes an api-key header or Entra ID tokens.
    private static OpenAIClient CreateClient(JudgeOptions options, Uri endpoint, OpenAIClientOptions clientOptions, AuthenticationTokenProvider? tokenProvider) =>
        options.Authentication switch
        {
            // Azure OpenAI's documented key header; Azure's v1 API also takes the key as a bearer token, API Management fronts often only this.
            JudgeAuthentication.ApiKey when JudgeOptions.IsAzureEndpoint(options.Endpoint) => new OpenAIClient(
                ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(options.ApiKey!), "api-key"), clientOptions),
            JudgeAuthentication.ApiKey => new OpenAIClient(new ApiKeyCredential(options.ApiKey!), clientOptions),
            JudgeAuthentication.EntraId => new OpenAIClient(
                new BearerTokenPolicy(tokenProvider ?? new DefaultAzureCredential(), AzureOpenAIScope), clientOptions),
            _ => new OpenAIClient(new AnonymousAuthenticationPolicy(), clientOptions),
        };
#pragma warning restore OPENAI001

    /// <summary>For servers without authentication (a local Ollama or vLLM): sends no credential at all.</summary>
    private sealed class AnonymousAuthenticationPolicy : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }
}
