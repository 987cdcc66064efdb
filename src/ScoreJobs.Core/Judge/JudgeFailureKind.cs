namespace ScoreJobs.Judge;

/// <summary>Why a judge call gave no usable answer; a metric reports it as its <c>error_kind</c>.</summary>
internal enum JudgeFailureKind
{
    RateLimit,
    Auth,
    Timeout,
    Parse,
    ModelError,
}
