
namespace ScoreJobs.Judge;

/// <summary>
/// Why a judge call gave no usable reply: a stable kind and a sentence for people (never a secret),
/// plus the raw reply when there was one (a cut-off or unparseable reply).
/// </summary>
internal sealed record JudgeFailure(JudgeFailureKind Kind, string Message, string? RawReply = null);
