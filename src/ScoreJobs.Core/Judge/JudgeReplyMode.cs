namespace ScoreJobs.Judge;

/// <summary>How a reply's format is asked for, from the strictest to what every server accepts.</summary>
internal enum JudgeReplyMode
{
    JsonSchema,
    JsonObject,
    Text,
}
