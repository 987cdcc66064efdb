using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// One <see cref="IChatClient"/> over a provider's per-model clients: each request goes to the client of its
/// <see cref="ChatOptions.ModelId"/>. Classic Azure OpenAI puts the deployment in the URL path, so a request's
/// <c>judge_model</c> needs its own client there; elsewhere the model is only a body field.
/// </summary>
internal sealed class ModelRoutingChatClient(Func<string, IChatClient> createClient, string defaultModel) : IChatClient
{
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options?.ModelId).GetResponseAsync(messages, options, cancellationToken);

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options?.ModelId).GetStreamingResponseAsync(messages, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : For(null).GetService(serviceType, serviceKey);

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }

    private IChatClient For(string? model) => _clients.GetOrAdd(string.IsNullOrWhiteSpace(model) ? defaultModel : model, createClient);
}
