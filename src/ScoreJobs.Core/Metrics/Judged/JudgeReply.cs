using System.Diagnostics.CodeAnalysis;
using ScoreJobs.Judge;

namespace ScoreJobs.Metrics.Judged;

/// <summary>A parsed judge reply, or why there is none. <see cref="RawText"/> is kept for diagnosis.</summary>
internal sealed record JudgeReply<T>(T? Value, string? RawText, JudgeFailure? Failure)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null && Value is not null;

    /// <summary>The call behind the reply: where it came from (the response cache or the endpoint).</summary>
    public JudgeCompletion? Completion { get; init; }
}
