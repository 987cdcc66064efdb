namespace ScoreJobs.Cli.Runs;

/// <summary>What the run's judge calls spent; cost only where the server has a price table.</summary>
internal sealed record RunUsage
{
    public int JudgeCalls { get; init; }
    public long PromptTokens { get; init; }
    public long CompletionTokens { get; init; }
    public long TotalTokens { get; init; }
    public int CacheHits { get; init; }

    /// <summary>Calls (and their tokens) made by attempts that never finished: within the totals, shown apart.</summary>
    public int RedoneCalls { get; init; }
    public long RedonePromptTokens { get; init; }
    public long RedoneCompletionTokens { get; init; }

    /// <summary>Calls whose reply was never read (a kill, a timeout): counted, though the provider may not have received them.</summary>
    public int CutOffCalls { get; init; }
    public decimal? Cost { get; init; }
    public string? Currency { get; init; }
}
