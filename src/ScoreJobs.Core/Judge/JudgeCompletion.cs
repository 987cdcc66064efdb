using System.Diagnostics.CodeAnalysis;

namespace ScoreJobs.Judge;

/// <summary>The judge's reply text, or why there is none; with the calls and tokens spent either way.</summary>
internal sealed record JudgeCompletion(string? Text, TokenUsage Usage, JudgeFailure? Failure)
{
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;

    /// <summary>The response cache's key for this reply when the reply is in the cache.</summary>
    public string? CacheKey { get; init; }

    /// <summary>The reply's token log-probabilities when they were asked for and the endpoint gave them.</summary>
    public IReadOnlyList<JudgeTokenLogprob>? Logprobs { get; init; }
}
