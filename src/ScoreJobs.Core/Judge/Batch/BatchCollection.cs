using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge.Caching;

namespace ScoreJobs.Judge.Batch;

/// <summary>
/// One collection pass of a batch-mode run: a <see cref="JudgeCaller"/> to score samples with, whose chat pipeline is
/// the live one (the response cache outermost, then the provider's MEAI client) except that nothing reaches the model.
/// A request the cache answers (an earlier run, an earlier round) is a hit, so a metric goes on to its next call; a
/// request it cannot answer is recorded, keyed by its cache key, and fails as pending (HTTP 409 from a transport that
/// never leaves the process). The scores of a collection pass mean nothing and are thrown away.
/// </summary>
/// <remarks>
/// The body is taken from the HTTP request the OpenAI SDK builds, not built by hand: the MEAI adapter's mapping of
/// <see cref="ChatOptions"/> (schema, strict, temperature, token budget, model) is internal, and a hand-built body that
/// differs by one field would be a different request from the one whose key it is stored under.
/// </remarks>
internal sealed class BatchCollection : IDisposable
{
    private readonly ConcurrentDictionary<string, BatchRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<ChatOptions, string> _keys = new();
    private readonly RecordingHandler _recorder = new();

    public BatchCollection(JudgeOptions options, IDistributedCache store, TimeProvider time)
    {
        // Nothing goes out, so no call is logged.
        var provider = new JudgeClientFactory(options, NullLogger.Instance, _recorder, logCalls: false);
        var recording = new RecordingChatClient(provider.CreateChatClient(), this);
        var cache = new JudgeResponseCache(recording, store, options, NullLogger.Instance, _keys);
        Caller = new JudgeCaller(cache, provider.CreateEmbeddingGenerator(), Options.Create(options), time, NullLogger<JudgeCaller>.Instance);
    }

    /// <summary>The judge to score the run's samples with during the pass.</summary>
    public JudgeCaller Caller { get; }

    /// <summary>The calls no cached reply answered, each once however many samples asked it.</summary>
    public IReadOnlyCollection<BatchRequest> Requests => [.. _requests.Values.OrderBy(r => r.CustomId, StringComparer.Ordinal)];

    public void Dispose()
    {
        Caller.Dispose();
        _recorder.Dispose();
    }

    private sealed class Capture
    {
        public byte[]? Body { get; set; }
    }

    // Between the cache and the provider's client: knows the request's cache key, and takes the body the transport saw.
    private sealed class RecordingChatClient(IChatClient inner, BatchCollection collection) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var capture = new Capture();
            RecordingHandler.Current.Value = capture;
            try
            {
                return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (capture.Body is { } body && options is not null && collection._keys.TryGetValue(options, out var key))
                {
                    collection._requests.TryAdd(key, new BatchRequest(key, body));
                }
            }
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public static readonly AsyncLocal<Capture?> Current = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Current.Value is { } capture && request.Content is not null)
            {
                capture.Body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }

            return new HttpResponseMessage(HttpStatusCode.Conflict)
            {
                Content = new StringContent("""{"error":{"message":"queued for the Batch API","code":"batch_pending"}}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
