using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using ScoreJobs.Judge.Caching;

namespace ScoreJobs.Judge.Batch;

/// <summary>
/// The judge through the Batch API, for batch-mode runs: a collection pass that records the calls the response cache
/// cannot answer (<see cref="StartCollection"/>), their submission as one batch, its status, and, once it ends, its
/// replies written into the response cache under their requests' keys, so the run's jobs find them as hits.
/// </summary>
internal sealed class BatchJudge(
    JudgeClientFactory factory,
    [FromKeyedServices(JudgeCacheServiceCollectionExtensions.ServiceKey)] IDistributedCache store,
    IOptions<JudgeOptions> options,
    TimeProvider time,
    ILogger<BatchJudge> logger)
{
    private readonly Lazy<JudgeBatchClient> _client = new(factory.CreateBatchClient);
    private readonly Lazy<JudgeResponseCache> _cache = new(() => new JudgeResponseCache(new NoModel(), store, options.Value, logger));

    /// <summary>False when the response cache is off (<c>CacheTtlHours</c> 0): batch replies would have nowhere to go.</summary>
    public bool IsAvailable => options.Value.CacheTtlHours > 0;

    public BatchCollection StartCollection() => new(options.Value, store, time);

    /// <summary>
    /// The JSONL input of a batch: as many of <paramref name="requests"/> as the Batch API takes in one file
    /// (<see cref="JudgeBatchClient.MaxRequests"/> lines, just under <see cref="JudgeBatchClient.MaxFileBytes"/>), and how many that is.
    /// </summary>
    public (BinaryData File, int Lines) InputFile(IReadOnlyCollection<BatchRequest> requests)
    {
        var path = _client.Value.ChatPath;
        using var buffer = new MemoryStream();
        var lines = 0;
        foreach (var request in requests)
        {
            if (lines == JudgeBatchClient.MaxRequests) break;
            using var line = new MemoryStream();
            using (var writer = new Utf8JsonWriter(line))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", request.CustomId);
                writer.WriteString("method", "POST");
                writer.WriteString("url", path);
                writer.WritePropertyName("body");
                // Written again rather than copied raw: the SDK sends the schema indented, and a JSONL line is one line.
                using (var body = JsonDocument.Parse(request.Body)) body.RootElement.WriteTo(writer);
                writer.WriteEndObject();
            }

            if (buffer.Length + line.Length + 1 > JudgeBatchClient.MaxFileBytes - 1024 * 1024) break;
            line.WriteTo(buffer);
            buffer.WriteByte((byte)'\n');
            lines++;
        }

        return (BinaryData.FromBytes(buffer.ToArray()), lines);
    }

    public Task<BatchStatus> SubmitAsync(BinaryData inputFile, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken) =>
        _client.Value.CreateAsync(inputFile, metadata, cancellationToken);

    public Task<BatchStatus> GetAsync(string batchId, CancellationToken cancellationToken) => _client.Value.GetAsync(batchId, cancellationToken);

    public Task CancelAsync(string batchId, CancellationToken cancellationToken) => _client.Value.CancelAsync(batchId, cancellationToken);

    /// <summary>
    /// Writes the ended batch's replies into the response cache and reads its error file. Idempotent: a second call
    /// writes the same entries again. An expired or cancelled batch still has the replies it finished.
    /// </summary>
    public async Task<BatchFill> StoreRepliesAsync(BatchStatus batch, CancellationToken cancellationToken)
    {
        var stored = 0;
        var unanswered = new List<string>();
        string? firstError = null;
        if (batch.OutputFileId is { } output)
        {
            foreach (var line in Lines(await _client.Value.DownloadAsync(output, cancellationToken).ConfigureAwait(false)))
            {
                var (customId, reply, error) = Read(line);
                if (customId is null) continue;
                if (reply is not null && await _cache.Value.StoreBatchReplyAsync(customId, reply, batch.Id, cancellationToken).ConfigureAwait(false))
                {
                    stored++;
                    continue;
                }

                unanswered.Add(customId);
                firstError ??= error ?? "the reply was not a whole one (cut off, filtered or refused)";
            }
        }

        if (batch.ErrorFileId is { } errors)
        {
            foreach (var line in Lines(await _client.Value.DownloadAsync(errors, cancellationToken).ConfigureAwait(false)))
            {
                var (customId, _, error) = Read(line);
                if (customId is null) continue;
                unanswered.Add(customId);
                firstError ??= error;
            }
        }

        Log.BatchRepliesStored(logger, batch.Id, stored, unanswered.Count);
        return new BatchFill(stored, unanswered, firstError);
    }

    private static string[] Lines(BinaryData file) =>
        Encoding.UTF8.GetString(file.ToMemory().Span).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // {"custom_id", "response": {"status_code", "body": chat.completion or {"error"}}, "error": {"code","message"} or null}
    private static (string? CustomId, ChatResponse? Reply, string? Error) Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var customId = root.TryGetProperty("custom_id", out var id) ? id.GetString() : null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (customId, null, Message(error));
            }

            if (!root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object) return (customId, null, "the line has no response");
            var status = response.TryGetProperty("status_code", out var s) && s.TryGetInt32(out var code) ? code : 0;
            var body = response.TryGetProperty("body", out var b) ? b : default;
            if (status != 200)
            {
                var said = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) ? Message(e) : null;
                return (customId, null, $"HTTP {status}" + (said is null ? "" : ": " + said));
            }

#pragma warning disable OPENAI001 // The SDK's own reader of a chat completion and MEAI's mapping of it, as the live client uses them.
            var completion = ModelReaderWriter.Read<ChatCompletion>(BinaryData.FromString(body.GetRawText()), ModelReaderWriterOptions.Json, OpenAIContext.Default);
            return (customId, completion?.AsChatResponse(), completion is null ? "the reply is empty" : null);
#pragma warning restore OPENAI001
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, null, null);
        }

        static string? Message(JsonElement error) =>
            error.ValueKind != JsonValueKind.Object ? null
            : error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
            : error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
            : null;
    }

    // The cache here only writes batch replies; nothing asks it for a response.
    private sealed class NoModel : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
