using ScoreJobs.Redaction;
using ScoreJobs.Text;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using ScoreJobs.Judge.Caching;
using ScoreJobs.Judge.Pricing;

namespace ScoreJobs.Judge;

/// <summary>
/// Calls the judge's model through Microsoft.Extensions.AI (<see cref="IChatClient"/>, <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>)
/// and adds what the judge promises: retries that count every attempt (<see cref="JudgeRetryPipeline"/>), a timeout per
/// attempt, a process-wide cap on calls in flight, the structured-output fallback, and a failure kind for every way a
/// call can go wrong. A failed call is returned as a <see cref="JudgeFailure"/>; only cancellation (the caller's, or the
/// job's deadline) throws.
/// </summary>
internal sealed class JudgeCaller : IDisposable
{
    private readonly IChatClient _chat;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embeddings;
    private readonly JudgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate;
    private readonly SecretRedactor _scrubber;
    private readonly TimeSpan _callTimeout;
    private readonly ResiliencePipeline<CallFailure?> _retry;
    private readonly ResiliencePipeline _attemptTimeout;
    private readonly ConcurrentDictionary<string, JudgeRequestShape> _shapes = new(StringComparer.Ordinal);
    private readonly JudgePriceTable _prices;
    private readonly bool _chatOnTheWire;
    private readonly bool _embeddingsOnTheWire;

    public JudgeCaller(
        IChatClient chat,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        IOptions<JudgeOptions> options,
        TimeProvider time,
        ILogger<JudgeCaller> logger,
        SecretRedactor? redactor = null)
    {
        _chat = chat;
        _embeddings = embeddings;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _scrubber = redactor ?? new SecretRedactor([_options.ApiKey]);
        _callTimeout = TimeSpan.FromSeconds(_options.CallTimeoutSeconds);
        _gate = new SemaphoreSlim(_options.MaxConcurrentCalls, _options.MaxConcurrentCalls);
        _retry = JudgeRetryPipeline.Create(_options, time, logger);
        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = time }.AddTimeout(_callTimeout).Build();
        _prices = new JudgePriceTable(_options);
        // The factory's clients send through its HttpClient, whose JudgeCallLog counts each request on the wire. A host's
        // own client (another provider's adapter) does not: its attempts are counted here, each before it is sent.
        _chatOnTheWire = chat.GetService<ModelRoutingChatClient>() is not null;
        _embeddingsOnTheWire = embeddings.GetService<ModelRoutingEmbeddingGenerator>() is not null;
    }

    public async Task<JudgeCompletion> CompleteAsync(JudgeChatRequest request, CancellationToken cancellationToken)
    {
        var remembered = _shapes.GetValueOrDefault(request.Model, JudgeRequestShape.Full);
        var shape = remembered;
        var calls = 0;
        while (true)
        {
            var (messages, chatOptions) = Prepare(request, shape);
            var (response, sent, answered, failure) = await SendAsync(
                request.Model, _chatOnTheWire, token => _chat.GetResponseAsync(messages, chatOptions.Clone(), token), cancellationToken).ConfigureAwait(false);
            calls += sent;

            if (failure is not null)
            {
                await RepliesReadAsync(answered, cancellationToken).ConfigureAwait(false);
                if (failure.IsRejectedRequest && shape.After(failure) is { } reduced)
                {
                    Log.JudgeRequestReduced(_logger, request.Model, failure.Status, shape.ToString(), reduced.ToString());
                    shape = reduced;
                    continue;
                }

                Log.JudgeCallFailed(_logger, request.Model, failure.Failure.Kind, failure.Failure.Message);
                // Its calls were logged as they went out (JudgeCallLog); a failure has no tokens.
                return new JudgeCompletion(null, _prices.Price(request.Model, new TokenUsage(calls, 0, 0)), failure.Failure);
            }

            if (shape != remembered)
            {
                _shapes[request.Model] = shape;
            }

            var completion = Read(response!, request.Model, calls);
            // The calls were logged as they went out (JudgeCallLog); now the live tokens, with the replies read. A batch
            // reply's tokens were bought by the batch, once, and a cache hit cost nothing.
            if (completion.Usage is { BatchCalls: 0 } paid && (paid.TotalTokens > 0 || answered > 0))
            {
                await JudgeSpend.PaidAsync(paid with { JudgeCalls = 0, CacheHits = 0, RepliesRead = answered }, cancellationToken).ConfigureAwait(false);
            }
            return completion;
        }
    }

    /// <summary>
    /// The messages and options <see cref="CompleteAsync"/> would send first for <paramref name="request"/>, in the request
    /// shape it remembers for the model: what the response cache keys the call by, and what the model would be sent.
    /// </summary>
    public (ChatMessage[] Messages, ChatOptions Options) Prepare(JudgeChatRequest request) =>
        Prepare(request, _shapes.GetValueOrDefault(request.Model, JudgeRequestShape.Full));

    private (ChatMessage[] Messages, ChatOptions Options) Prepare(JudgeChatRequest request, JudgeRequestShape shape)
    {
        var chatOptions = shape.ToChatOptions(request, _options.MaxCompletionTokens);
        JudgeResponseCache.Tag(chatOptions, request);
        return (shape.ToMessages(request), chatOptions);
    }

    public async Task<JudgeEmbeddings> EmbedAsync(string model, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var (result, calls, answered, failure) = await SendAsync(
            model, _embeddingsOnTheWire, token => _embeddings.GenerateAsync(inputs, new EmbeddingGenerationOptions { ModelId = model }, token), cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            await RepliesReadAsync(answered, cancellationToken).ConfigureAwait(false);
            Log.JudgeCallFailed(_logger, model, failure.Failure.Kind, failure.Failure.Message);
            // Its calls were logged as they went out (JudgeCallLog); a failure has no tokens.
            return new JudgeEmbeddings([], _prices.Price(model, new TokenUsage(calls, 0, 0)), failure.Failure);
        }

        var usage = _prices.Price(model, new TokenUsage(calls, result!.Usage?.InputTokenCount ?? 0, 0));
        // The calls were logged as they went out (JudgeCallLog); now their tokens, with the replies read.
        if (usage.TotalTokens > 0 || answered > 0) await JudgeSpend.PaidAsync(usage with { JudgeCalls = 0, RepliesRead = answered }, cancellationToken).ConfigureAwait(false);
        if (result.Count != inputs.Count)
        {
            return new JudgeEmbeddings([], usage, new JudgeFailure(JudgeFailureKind.ModelError,
                $"the embedding model returned {result.Count} vectors for {inputs.Count} inputs"));
        }

        return new JudgeEmbeddings([.. result.Select(e => e.Vector.ToArray())], usage, null);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>A failed call's replies (error responses): no tokens, but the endpoint received those requests.</summary>
    private static Task RepliesReadAsync(int answered, CancellationToken cancellationToken) =>
        answered > 0 ? JudgeSpend.PaidAsync(TokenUsage.Zero with { RepliesRead = answered }, cancellationToken) : Task.CompletedTask;

    private JudgeCompletion Read(ChatResponse response, string model, int calls)
    {
        // A reply from the response cache never went on the wire, so it is no call and cost no tokens; unless a batch-mode
        // run bought it through the Batch API for this job: then its tokens count here, once, at the batch price.
        var properties = response.AdditionalProperties;
        var hit = properties?.ContainsKey(JudgeResponseCache.HitProperty) == true;
        var batch = hit && properties!.ContainsKey(JudgeResponseCache.BatchProperty);
        // Counted by attempts (a host's own client), the cache's answer was one of them.
        var paid = hit && !_chatOnTheWire ? calls - 1 : calls;
        var usage = _prices.Price(model, batch
            ? new TokenUsage(paid, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0) { BatchCalls = 1 }
            : hit ? new TokenUsage(paid, 0, 0) { CacheHits = 1 }
            : new TokenUsage(calls, response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0), batch);
        var cacheKey = properties?.TryGetValue(JudgeResponseCache.KeyProperty, out var key) == true ? key as string : null;
        // A model (or a gateway) may quote the key back: the reply is kept, parsed and logged only without it.
        var text = _scrubber.Redact(response.Text);

        JudgeFailure? failure = null;
        if (response.FinishReason == ChatFinishReason.Length)
        {
            failure = new JudgeFailure(JudgeFailureKind.ModelError,
                $"the judge's reply was cut off by the completion budget of {_options.MaxCompletionTokens} tokens (finish_reason=length); " +
                "raise ScoreJobs__Judge__MaxCompletionTokens", text);
        }
        else if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            failure = new JudgeFailure(JudgeFailureKind.ModelError, "the endpoint's content filter withheld the judge's reply (finish_reason=content_filter)", text);
        }
        else if (response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().FirstOrDefault() is { } refusal)
        {
            // The OpenAI adapter turns a refusal into error content.
            failure = new JudgeFailure(JudgeFailureKind.ModelError, "the model refused to judge: " + _scrubber.Scrub(refusal.Message).ClipWithEllipsis(300));
        }

        if (failure is not null)
        {
            Log.JudgeCallFailed(_logger, response.ModelId ?? model, failure.Kind, failure.Message);
        }

        return new JudgeCompletion(failure is null ? text : null, usage, failure) { CacheKey = cacheKey, Logprobs = failure is null ? JudgeLogprobs.Read(response) : null };
    }

    /// <summary>Removes a cached reply a metric could not use, so it is not served again.</summary>
    public Task ForgetCachedAsync(string cacheKey, CancellationToken cancellationToken) =>
        _chat.GetService<JudgeResponseCache>() is { } cache ? cache.ForgetAsync(cacheKey, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// One logical call: attempts until success, a failure no retry can fix, or the retry budget is spent. Returns the
    /// requests that went on the wire (<see cref="JudgeCallLog"/>), the paid calls: an attempt that failed before its
    /// request left (an Entra ID token not had) or that the response cache answered is none. A host's own client
    /// (<paramref name="onTheWire"/> false) has each attempt counted and logged before it is sent instead. Answered: of
    /// those, the requests whose response came back (a reply or an HTTP error), the rest being cut off.
    /// </summary>
    private async Task<(T? Result, int Sent, int Answered, CallFailure? Failure)> SendAsync<T>(
        string model, bool onTheWire, Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        T? result = null;
        var calls = 0;
        var answered = 0;
        var sent = JudgeSpend.CountSent();
        var context = ResilienceContextPool.Shared.Get(model, cancellationToken);
        CallFailure? failure;
        try
        {
            failure = await _retry.ExecuteAsync(
                async attemptContext =>
                {
                    calls++;
                    if (!onTheWire) await JudgeSpend.PaidAsync(new TokenUsage(1, 0, 0), attemptContext.CancellationToken).ConfigureAwait(false);
                    (result, var attemptFailure) = await AttemptAsync(send, attemptContext.CancellationToken).ConfigureAwait(false);
                    if (result is not null || attemptFailure?.Status > 0) answered++;
                    return attemptFailure;
                },
                context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        var paid = onTheWire ? sent.Count : calls;
        var replies = onTheWire ? sent.AnsweredCount : answered;
        if (failure is null) return (result, paid, replies, null);

        if (failure.Retryable && failure.RetryAfter > JudgeRetryPipeline.MaxDelay(_options) && calls <= _options.MaxRetries)
        {
            return (null, paid, replies, failure with
            {
                Failure = failure.Failure with
                {
                    Message = $"{failure.Failure.Message} (the endpoint asked to wait {failure.RetryAfter.Value.TotalSeconds:0} s, " +
                        "longer than ScoreJobs__Judge__MaxRetryDelaySeconds)",
                },
            });
        }

        return (null, paid, replies, calls == 1 ? failure : failure with
        {
            Failure = failure.Failure with { Message = $"{failure.Failure.Message} (gave up after {calls} attempts)" },
        });
    }

    /// <summary>One attempt under the concurrency cap and the per-attempt timeout. Throws only when the caller cancels.</summary>
    private async Task<(T? Result, CallFailure? Failure)> AttemptAsync<T>(Func<CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        where T : class
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await _attemptTimeout.ExecuteAsync(async token => await send(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return (result, null);
        }
        catch (TimeoutRejectedException)
        {
            return (null, CallFailure.Timeout(_callTimeout));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The transport's own network timeout, a backstop behind ours.
            return (null, CallFailure.Timeout(_callTimeout));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && CallFailure.From(ex, _time.GetUtcNow(), _scrubber) is { } failure)
        {
            return (null, failure);
        }
        finally
        {
            _gate.Release();
        }
    }
}
