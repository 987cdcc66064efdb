using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// One metric's conversation with the judge on one request: the models it uses, what it spent, and each reply
/// read into its record (a reply that does not parse is a failure of kind parse that keeps the raw text, not an exception).
/// </summary>
/// <remarks>
/// The prompt version goes into the response cache's key; <c>useCache</c> is false for a request that asked for <c>"cache": false</c>;
/// <c>repetition</c> is which of a request's <c>"repeats"</c> this conversation is (1-based).
/// </remarks>
internal sealed class JudgeSession(JudgeCaller judge, string model, string? embeddingModel, string? promptVersion = null, bool useCache = true,
    int repetition = 1, SharedJudgeCalls? shared = null)
{
    private readonly Lock _lock = new();
    private TokenUsage _usage = TokenUsage.Zero;
    private bool _embedded;
    private readonly List<(string Text, string Key)> _cached = [];

    public string Model => model;

    /// <summary>Null when no embedding model is configured or requested.</summary>
    public string? EmbeddingModel => embeddingModel;

    public TokenUsage Usage
    {
        get
        {
            lock (_lock) return _usage;
        }
    }

    /// <summary>The chat model, and the embedding model when it was called.</summary>
    public string ModelsUsed
    {
        get
        {
            lock (_lock) return _embedded ? $"{model} + {embeddingModel}" : model;
        }
    }

    // With itemsProperty, itemCount is how many entries the reply's array must hold (sent as minItems/maxItems).
    public Task<JudgeReply<T>> AskAsync<T>(
        JudgePrompt<T> prompt, JudgeInput input, CancellationToken cancellationToken, string? itemsProperty = null, int? itemCount = null,
        int? topLogprobs = null, bool firstRepetition = false)
        where T : class =>
        AskWithVersionAsync(prompt, input, promptVersion, cancellationToken, itemsProperty, itemCount, topLogprobs, firstRepetition);

    private async Task<JudgeReply<T>> AskWithVersionAsync<T>(
        JudgePrompt<T> prompt, JudgeInput input, string? version, CancellationToken cancellationToken, string? itemsProperty = null, int? itemCount = null,
        int? topLogprobs = null, bool firstRepetition = false)
        where T : class
    {
        // firstRepetition: a call every repetition shares (a rubric's generated steps), asked and cached as the first.
        var request = prompt.Request(model, input, version, useCache, itemsProperty, itemCount)
            with { Repetition = firstRepetition ? 1 : repetition, TopLogprobs = topLogprobs };
        var completion = await judge.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        Spent(completion.Usage);
        if (completion is { CacheKey: { } key, Text: { } text })
        {
            lock (_lock) _cached.Add((text, key));
        }

        if (!completion.Succeeded) return new JudgeReply<T>(null, completion.Failure.RawReply, completion.Failure) { Completion = completion };

        return JudgeReplyParser.TryParse(completion.Text, prompt.ReplyType, out var value, out var error)
            ? new JudgeReply<T>(value, completion.Text, null) { Completion = completion }
            : new JudgeReply<T>(null, completion.Text, new JudgeFailure(JudgeFailureKind.Parse,
                $"the judge's reply to {prompt.Name} is not the JSON asked for: {error}", completion.Text)) { Completion = completion };
    }

    /// <summary>
    /// A call other metrics of the job make alike, under <paramref name="sharedVersion"/> (the version of the prompt, not
    /// of the metric asking): made once per job, its cost counted by the metric that made it.
    /// </summary>
    public Task<JudgeReply<T>> AskSharedAsync<T>(JudgePrompt<T> prompt, JudgeInput input, string sharedVersion, CancellationToken cancellationToken)
        where T : class
    {
        var request = prompt.Request(model, input, sharedVersion, useCache) with { Repetition = repetition };
        return shared is null
            ? AskWithVersionAsync(prompt, input, sharedVersion, cancellationToken)
            : shared.GetOrAskAsync(request, () => AskWithVersionAsync(prompt, input, sharedVersion, cancellationToken));
    }

    public async Task<JudgeEmbeddings> EmbedAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var embeddings = await judge.EmbedAsync(
            embeddingModel ?? throw new InvalidOperationException("no embedding model"), inputs, cancellationToken).ConfigureAwait(false);
        Spent(embeddings.Usage);
        lock (_lock) _embedded = true;
        return embeddings;
    }

    /// <summary>Removes from the response cache the reply a metric found unusable (the one kept as its raw reply).</summary>
    public async Task ForgetCachedAsync(string? rawReply, CancellationToken cancellationToken)
    {
        if (rawReply is null) return;
        List<string> keys;
        lock (_lock) keys = [.. _cached.Where(c => c.Text == rawReply).Select(c => c.Key)];
        foreach (var key in keys) await judge.ForgetCachedAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public static MetricResult Failed(JudgeFailure failure) => MetricResult.Failed(ErrorKind(failure.Kind), failure.Message, failure.RawReply);

    private static MetricErrorKind ErrorKind(JudgeFailureKind kind) => kind switch
    {
        JudgeFailureKind.RateLimit => MetricErrorKind.RateLimit,
        JudgeFailureKind.Auth => MetricErrorKind.Auth,
        JudgeFailureKind.Timeout => MetricErrorKind.Timeout,
        JudgeFailureKind.Parse => MetricErrorKind.Parse,
        _ => MetricErrorKind.ModelError,
    };

    /// <summary>A reply that parsed but cannot be scored (wrong count, out-of-range value).</summary>
    public static MetricResult Unusable<T>(JudgeReply<T> reply, string problem)
        where T : class =>
        MetricResult.Failed(MetricErrorKind.Parse, "the judge's reply is unusable: " + problem, reply.RawText);

    private void Spent(TokenUsage usage)
    {
        lock (_lock) _usage += usage;
    }
}
