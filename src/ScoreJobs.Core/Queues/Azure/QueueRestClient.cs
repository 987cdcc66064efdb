using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Queues.Azure;

/// <summary>
/// The few Queue service REST operations a competing consumer needs, on one queue: create, put, get (with a
/// visibility timeout), delete and update visibility. Small on purpose, so the Azure.Storage.Queues SDK can
/// replace it where that package restores.
/// </summary>
internal sealed class QueueRestClient(HttpClient httpClient, Uri queueUri)
{
    /// <summary>The most messages one Get Messages call returns.</summary>
    public const int MaxMessagesPerGet = 32;

    public Uri QueueUri { get; } = queueUri;

    public string QueueName => QueueUri.Segments[^1].TrimEnd('/');

    /// <summary>Creates the queue; an existing one is fine.</summary>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Put, QueueUri);
        request.Content = new ByteArrayContent([]);
        var operation = $"Create Queue {QueueName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent) return;
        throw StorageRestProtocol.Failure(response, operation);
    }

    /// <summary>
    /// Adds a message. <paramref name="timeToLive"/> null keeps the service default (7 days); negative never expires.
    /// A positive <paramref name="visibilityTimeout"/> hides it that long first.
    /// </summary>
    public async Task PutMessageAsync(string messageText, TimeSpan? timeToLive, CancellationToken cancellationToken, TimeSpan visibilityTimeout = default)
    {
        var query = new List<string>();
        if (timeToLive is { } ttl) query.Add($"messagettl={(ttl < TimeSpan.Zero ? -1 : (long)ttl.TotalSeconds)}");
        if (visibilityTimeout > TimeSpan.Zero) query.Add($"visibilitytimeout={(long)Math.Ceiling(visibilityTimeout.TotalSeconds)}");
        var uri = query.Count == 0 ? $"{QueueUri}/messages" : $"{QueueUri}/messages?{string.Join('&', query)}";
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Post, new Uri(uri));
        var body = new XElement("QueueMessage", new XElement("MessageText", messageText));
        request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting)));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/xml") { CharSet = "utf-8" };

        var operation = $"Put Message {QueueName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw StorageRestProtocol.Failure(response, operation);
    }

    /// <summary>Takes up to <paramref name="count"/> messages, hiding them from other consumers for <paramref name="visibilityTimeout"/>.</summary>
    public async Task<IReadOnlyList<QueueMessageItem>> GetMessagesAsync(int count, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(
            CultureInfo.InvariantCulture,
            $"{QueueUri}/messages?numofmessages={Math.Clamp(count, 1, MaxMessagesPerGet)}&visibilitytimeout={Seconds(visibilityTimeout, minimum: 1)}"));
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Get, uri);
        var operation = $"Get Messages {QueueName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK) throw StorageRestProtocol.Failure(response, operation);

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var document = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
        return ParseMessages(document);
    }

    /// <summary>Deletes a message this receiver holds; false when it is gone or another receiver holds it now.</summary>
    public async Task<bool> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Delete, MessageUri(messageId, popReceipt, visibilityTimeout: null));
        var operation = $"Delete Message {QueueName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent) return true;
        if (IsLost(response)) return false;
        throw StorageRestProtocol.Failure(response, operation);
    }

    /// <summary>
    /// Hides a held message for <paramref name="visibilityTimeout"/> from now (zero: visible again at once).
    /// Returns the new pop receipt, or null when the message is gone or another receiver holds it now.
    /// </summary>
    public async Task<string?> UpdateVisibilityAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Put, MessageUri(messageId, popReceipt, visibilityTimeout));
        request.Content = new ByteArrayContent([]);
        var operation = $"Update Message {QueueName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return response.Headers.TryGetValues("x-ms-popreceipt", out var values)
                ? values.First()
                : throw new StorageRequestException(operation, response.StatusCode, "MissingPopReceipt");
        }

        if (IsLost(response)) return null;
        throw StorageRestProtocol.Failure(response, operation);
    }

    internal static IReadOnlyList<QueueMessageItem> ParseMessages(XDocument document)
    {
        var messages = new List<QueueMessageItem>();
        foreach (var element in document.Root?.Elements("QueueMessage") ?? [])
        {
            var insertion = element.Element("InsertionTime")?.Value;
            messages.Add(new QueueMessageItem(
                element.Element("MessageId")?.Value ?? throw new FormatException("A queue message has no MessageId."),
                element.Element("PopReceipt")?.Value ?? throw new FormatException("A queue message has no PopReceipt."),
                int.Parse(element.Element("DequeueCount")?.Value ?? "1", CultureInfo.InvariantCulture),
                element.Element("MessageText")?.Value ?? "",
                insertion is null ? null : DateTimeOffset.Parse(insertion, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
        }

        return messages;
    }

    // 404 MessageNotFound: deleted, expired, or its pop receipt was superseded; 400 PopReceiptMismatch: the same, older services.
    private static bool IsLost(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.NotFound
        || (response.StatusCode == HttpStatusCode.BadRequest && StorageRestProtocol.ErrorCode(response) == "PopReceiptMismatch");

    private Uri MessageUri(string messageId, string popReceipt, TimeSpan? visibilityTimeout)
    {
        var uri = $"{QueueUri}/messages/{Uri.EscapeDataString(messageId)}?popreceipt={Uri.EscapeDataString(popReceipt)}";
        if (visibilityTimeout is { } timeout) uri += $"&visibilitytimeout={Seconds(timeout, minimum: 0)}";
        return new Uri(uri);
    }

    // The service counts in whole seconds, up to 7 days.
    private static long Seconds(TimeSpan value, int minimum) =>
        Math.Clamp((long)Math.Ceiling(value.TotalSeconds), minimum, (long)TimeSpan.FromDays(7).TotalSeconds);
}
