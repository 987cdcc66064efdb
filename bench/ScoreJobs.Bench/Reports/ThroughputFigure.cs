namespace ScoreJobs.Bench.Reports;

/// <summary>
/// Jobs scored end to end: submitted as fast as the clients can, then drained by the worker(s). Jobs per second is
/// completed jobs over the time from the first submit to the last record finishing. The ideal is the worker
/// concurrency over the latency of one job scored alone on an idle server (what perfect parallelism would give).
/// </summary>
internal sealed record ThroughputFigure
{
    public required string Mode { get; init; }
    public required int Instances { get; init; }
    public required int Jobs { get; init; }
    public required int Completed { get; init; }
    public required int Failed { get; init; }
    public required int Unfinished { get; init; }
    public required int JudgeLatencyMs { get; init; }
    public required int WorkerConcurrency { get; init; }
    public required int Contexts { get; init; }
    public required IReadOnlyList<string> Metrics { get; init; }
    public required double SingleJobMs { get; init; }
    public required double IdealJobsPerSecond { get; init; }
    public required double JobsPerSecond { get; init; }
    public required double Seconds { get; init; }
    public required LatencySummary JobLatency { get; init; }
    public required double JudgeCallsPerJob { get; init; }
    /// <summary>From the records' usage; the fake judge reports a fixed 400 prompt and 80 completion tokens per chat call.</summary>
    public required double PromptTokensPerJob { get; init; }
    public required double CompletionTokensPerJob { get; init; }
    public required double FakeJudgeRequestsPerJob { get; init; }
    public required double FakeJudgeChatPerJob { get; init; }

    /// <summary>Prompt text the judge received per job (system + user messages, embedding inputs), in characters.</summary>
    public required double PromptCharactersPerJob { get; init; }

    /// <summary>Judge request bodies per job in bytes (prompts, reply schemas and the rest of each request).</summary>
    public required double RequestBytesPerJob { get; init; }
    public required double FakeJudgeEmbeddingsPerJob { get; init; }
    public required int FakeJudgeMaxConcurrent { get; init; }
    public required double ServerPeakMiB { get; init; }
}
