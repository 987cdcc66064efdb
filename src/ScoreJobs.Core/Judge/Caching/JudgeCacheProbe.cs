using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Judge.Caching;

/// <summary>
/// Looks a judge call up in the response cache without making it: the call's key is the one the live pipeline would
/// compute (the same <see cref="JudgeResponseCache"/> over the same store, on the messages and options
/// <see cref="JudgeCaller.Prepare(JudgeChatRequest)"/> gives), and nothing is written: a miss reaches a model that answers nothing, which
/// the cache does not keep, and a batch-bought reply is read as a collection pass reads it, unclaimed.
/// </summary>
internal sealed class JudgeCacheProbe(
    JudgeCaller judge,
    [FromKeyedServices(JudgeCacheServiceCollectionExtensions.ServiceKey)] IDistributedCache store,
    IOptions<JudgeOptions> options,
    ILogger<JudgeCacheProbe> logger)
{
    private readonly Lazy<JudgeResponseCache> _cache = new(() =>
        new JudgeResponseCache(new NoReply(), store, options.Value, logger, new ConditionalWeakTable<ChatOptions, string>()));

    /// <summary>The cached reply's text when the cache holds this call, else null; null too when the cache is off or the request bypasses it.</summary>
    public async Task<string?> CachedReplyAsync(JudgeChatRequest request, CancellationToken cancellationToken)
    {
        if (options.Value.CacheTtlHours <= 0 || !request.UseCache) return null;
        var (messages, chatOptions) = judge.Prepare(request);
        var response = await _cache.Value.GetResponseAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        return response.AdditionalProperties?.ContainsKey(JudgeResponseCache.HitProperty) == true ? response.Text : null;
    }

    // A reply without a finish reason is not a whole reply, so the cache never stores it.
    private sealed class NoReply : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse());

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
