using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// The innermost link of the judge's embedding pipeline: as <see cref="JudgeCallLog"/> does for chat, each request is
/// reported to <see cref="JudgeSpend"/> before it is sent, so an embedding call cut off by a kill is counted too.
/// </summary>
internal sealed class JudgeEmbeddingCallLog(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        await JudgeSpend.PaidAsync(new TokenUsage(1, 0, 0), cancellationToken).ConfigureAwait(false);
        return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
    }
}
