namespace ScoreJobs.Judge;

/// <summary>Judge tokens and calls spent; adds up across metrics and jobs.</summary>
public sealed record TokenUsage(int JudgeCalls, long PromptTokens, long CompletionTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public long TotalTokens => PromptTokens + CompletionTokens;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right) =>
        new(left.JudgeCalls + right.JudgeCalls, left.PromptTokens + right.PromptTokens, left.CompletionTokens + right.CompletionTokens);

    public TokenUsage Add(TokenUsage other) => this + other;
}
