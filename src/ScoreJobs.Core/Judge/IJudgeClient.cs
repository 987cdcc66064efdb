namespace ScoreJobs.Judge;

/// <summary>
/// The model behind the judge metrics: one chat completion or one batch of embeddings per call.
/// Implementations retry transient failures themselves and never throw for a failed call: the
/// outcome carries a <see cref="JudgeFailure"/> instead. Only cancellation throws.
/// </summary>
public interface IJudgeClient
{
    Task<JudgeCompletion> CompleteAsync(JudgeChatRequest request, CancellationToken cancellationToken);

    Task<JudgeEmbeddings> EmbedAsync(string model, IReadOnlyList<string> inputs, CancellationToken cancellationToken);
}
