using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// One embedding generator over a provider's per-model generators, chosen by
/// <see cref="EmbeddingGenerationOptions.ModelId"/> (see <see cref="ModelRoutingChatClient"/> for why).
/// </summary>
internal sealed class ModelRoutingEmbeddingGenerator(Func<string, IEmbeddingGenerator<string, Embedding<float>>> createGenerator, string? defaultModel)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentDictionary<string, IEmbeddingGenerator<string, Embedding<float>>> _generators = new(StringComparer.Ordinal);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        For(options?.ModelId).GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : defaultModel is null ? null
        : For(defaultModel).GetService(serviceType, serviceKey);

    public void Dispose()
    {
        foreach (var generator in _generators.Values) generator.Dispose();
    }

    private IEmbeddingGenerator<string, Embedding<float>> For(string? model)
    {
        var chosen = string.IsNullOrWhiteSpace(model) ? defaultModel : model;
        return chosen is null
            ? throw new InvalidOperationException("no embedding model: set ScoreJobs__Judge__EmbeddingModel or the request's embedding_model")
            : _generators.GetOrAdd(chosen, createGenerator);
    }
}
