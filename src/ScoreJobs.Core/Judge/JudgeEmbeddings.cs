using System.Diagnostics.CodeAnalysis;

namespace ScoreJobs.Judge;

/// <summary>One vector per input, in input order, or why there are none; with the calls and tokens spent.</summary>
internal sealed record JudgeEmbeddings(IReadOnlyList<float[]> Vectors, TokenUsage Usage, JudgeFailure? Failure)
{
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;
}
