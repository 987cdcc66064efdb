using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace ScoreJobs.Judge.Caching;

/// <summary>
/// MEAI's <see cref="DistributedCachingChatClient"/> with what the judge needs on top: a key that also holds the
/// endpoint and the prompt version, a TTL on every entry, a per-request bypass (<c>"cache": false</c>), only usable
/// replies written, hits marked so the judge can count them apart from paid calls, and a store that fails open
/// (an unreachable cache costs a judge call, never a score).
/// </summary>
internal sealed class JudgeResponseCache : DistributedCachingChatClient
{
    /// <summary>Set on a reply that came from the cache.</summary>
    public const string HitProperty = "scorejobs_cache_hit";

    /// <summary>Set on a reply that is in the cache (read from it, or just written), so an unusable one can be removed.</summary>
    public const string KeyProperty = "scorejobs_cache_key";

    /// <summary>
    /// On a stored reply that a batch-mode run bought through the Batch API (the batch id), until a job first reads it;
    /// on a reply read so, so the judge counts it as a batch call, with its tokens at the batch price.
    /// </summary>
    public const string BatchProperty = "scorejobs_batch";

    /// <summary>In <see cref="ChatOptions.AdditionalProperties"/>: false bypasses the cache.</summary>
    public const string UseCacheProperty = "scorejobs_cache";

    /// <summary>In <see cref="ChatOptions.AdditionalProperties"/>: the metric's prompt version.</summary>
    public const string PromptVersionProperty = "scorejobs_prompt_version";

    /// <summary>In <see cref="ChatOptions.AdditionalProperties"/>, from the second repetition of a metric on: its index.</summary>
    public const string RepetitionProperty = "scorejobs_repetition";

    // Bump when what is stored, or how a key is made, changes meaning.
    private const string KeyVersion = "scorejobs-judge-cache/1";

    private readonly IDistributedCache _storage;
    private readonly DistributedCacheEntryOptions _entryOptions;
    private readonly ILogger _logger;
    private readonly ConditionalWeakTable<ChatOptions, string>? _keys;

    // keys: when given (a batch collection pass), each request's key is kept there under its options, where the inner
    // client finds it, and batch replies read stay marked in the store: only a job's read claims one.
    public JudgeResponseCache(IChatClient innerClient, IDistributedCache storage, JudgeOptions options, ILogger logger, ConditionalWeakTable<ChatOptions, string>? keys = null)
        : base(innerClient, storage)
    {
        _storage = storage;
        _logger = logger;
        _keys = keys;
        _entryOptions = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(options.CacheTtlHours) };

        // MEAI's key covers the messages and the ChatOptions (model, temperature, token budget, response format and
        // schema). It cannot know which endpoint the inner client calls: the same model name on another provider,
        // resource or api-version is another judge, so they go into the key. Never the key or query string.
        var endpoint = Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/') : "";
        CacheKeyAdditionalValues = [KeyVersion, options.Api.ToString(), endpoint.ToLowerInvariant(), options.ApiVersion ?? ""];
    }

    /// <summary>Removes an entry a metric could not use, so the next run asks the judge again.</summary>
    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _storage.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            Log.JudgeCacheEntryForgotten(_logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JudgeCacheWriteFailed(_logger, ex.GetType().Name);
        }
    }

    /// <summary>Tags a judge request's options for the cache: its prompt version, and whether it may use the cache.</summary>
    public static void Tag(ChatOptions options, JudgeChatRequest request)
    {
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[PromptVersionProperty] = request.PromptVersion ?? "";
        options.AdditionalProperties[UseCacheProperty] = request.UseCache;
        // Only repetitions 2..N are tagged, so the first keeps the key it had before repeats existed and old entries still answer it.
        if (request.Repetition > 1) options.AdditionalProperties[RepetitionProperty] = request.Repetition;
    }

    protected override bool EnableCaching(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        base.EnableCaching(messages, options)
        && !(options?.AdditionalProperties?.TryGetValue(UseCacheProperty, out var use) == true && use is false);

    // The schema (with its item count), the prompt version and a repetition's index are named explicitly rather than left to how
    // ChatOptions happens to serialise: a reply to another schema or prompt version must never be reused.
    protected override string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options, params ReadOnlySpan<object?> additionalValues)
    {
        var schema = options?.ResponseFormat is ChatResponseFormatJson { Schema: { } json } ? json.GetRawText() : "";
        var version = options?.AdditionalProperties?.TryGetValue(PromptVersionProperty, out var v) == true ? v?.ToString() : "";
        var key = options?.AdditionalProperties?.TryGetValue(RepetitionProperty, out var repetition) == true
            ? base.GetCacheKey(messages, options, [.. additionalValues, schema, version, "repetition:" + Convert.ToString(repetition, CultureInfo.InvariantCulture)])
            : base.GetCacheKey(messages, options, [.. additionalValues, schema, version]);
        if (_keys is not null && options is not null) _keys.AddOrUpdate(options, key);
        return key;
    }

    /// <summary>
    /// Stores a reply bought through the Batch API under <paramref name="key"/> (the batch line's <c>custom_id</c>), marked
    /// with <paramref name="batchId"/>. False, storing nothing, for a reply the live path would not store either (not a
    /// whole reply). Storage faults throw: a paid reply must not be dropped silently.
    /// </summary>
    public async Task<bool> StoreBatchReplyAsync(string key, ChatResponse value, string batchId, CancellationToken cancellationToken)
    {
        if (!IsWholeReply(value)) return false;
        JudgeLogprobs.Keep(value);
        value.AdditionalProperties ??= [];
        value.AdditionalProperties[BatchProperty] = batchId;
        await _storage.SetAsync(key, Serialize(value), _entryOptions, cancellationToken).ConfigureAwait(false);
        return true;
    }

    protected override async Task<ChatResponse?> ReadCacheAsync(string key, CancellationToken cancellationToken)
    {
        ChatResponse? cached;
        try
        {
            cached = await base.ReadCacheAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JudgeCacheReadFailed(_logger, ex.GetType().Name);
            return null;
        }

        if (cached is null) return null;
        cached.AdditionalProperties ??= [];
        if (_keys is null && cached.AdditionalProperties.ContainsKey(BatchProperty)) await ClaimBatchReplyAsync(key, cached, cancellationToken).ConfigureAwait(false);
        cached.AdditionalProperties[HitProperty] = true;
        cached.AdditionalProperties[KeyProperty] = key;
        return cached;
    }

    // The first job to read a batch reply counts its tokens; the entry is stored again unmarked so that later reads
    // (another job asking the same, a later run) are plain hits. Best effort: a failed rewrite only risks counting twice.
    private async Task ClaimBatchReplyAsync(string key, ChatResponse cached, CancellationToken cancellationToken)
    {
        var batchId = cached.AdditionalProperties![BatchProperty];
        cached.AdditionalProperties.Remove(BatchProperty);
        try
        {
            await _storage.SetAsync(key, Serialize(cached), _entryOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JudgeCacheWriteFailed(_logger, ex.GetType().Name);
        }

        cached.AdditionalProperties[BatchProperty] = batchId;
    }

    private static bool IsWholeReply(ChatResponse value) =>
        value.FinishReason == ChatFinishReason.Stop && !string.IsNullOrWhiteSpace(value.Text)
        && !value.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().Any();

    private byte[] Serialize(ChatResponse value) =>
        JsonSerializer.SerializeToUtf8Bytes(value, JsonSerializerOptions.GetTypeInfo(typeof(ChatResponse)));

    /// <summary>
    /// Writes only a whole reply: finish_reason stop, some text, no refusal. Errors never get here (they throw), and a
    /// reply the metric then cannot parse or score is removed again (<see cref="ForgetAsync"/>).
    /// </summary>
    protected override async Task WriteCacheAsync(string key, ChatResponse value, CancellationToken cancellationToken)
    {
        if (!IsWholeReply(value)) return;
        JudgeLogprobs.Keep(value);

        try
        {
            await _storage.SetAsync(key, Serialize(value), _entryOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.JudgeCacheWriteFailed(_logger, ex.GetType().Name);
            return;
        }

        value.AdditionalProperties ??= [];
        value.AdditionalProperties[KeyProperty] = key;
    }
}
