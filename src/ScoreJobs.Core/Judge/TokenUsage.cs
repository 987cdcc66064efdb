using System.Text.Json.Serialization;

namespace ScoreJobs.Judge;

/// <summary>
/// Judge calls and tokens spent; adds up across metrics and jobs. <see cref="JudgeCalls"/> are live calls; replies bought
/// through the Batch API for a batch-mode run count in <see cref="BatchCalls"/>. The tokens (and cost) are what was paid
/// for, live and batch; replies reused from the response cache count in <see cref="CacheHits"/> only.
/// </summary>
public sealed record TokenUsage(int JudgeCalls, long PromptTokens, long CompletionTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>Replies taken from the judge response cache: no call, no tokens, no cost.</summary>
    public int CacheHits { get; init; }

    /// <summary>
    /// Replies bought through the Batch API (a batch-mode run filled the response cache with them): no live call, their
    /// tokens counted here once, at the batch price. Left out of the JSON while 0.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int BatchCalls { get; init; }

    /// <summary>
    /// What the paid tokens cost at the configured prices, in <see cref="Currency"/>; absent without a price table,
    /// null when a model used has no price.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? Cost { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Currency { get; init; }

    /// <summary>Some paid tokens had no price, so the sum is unknown however much else is priced.</summary>
    [JsonIgnore]
    internal bool Unpriced { get; init; }

    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        var unpriced = left.Unpriced || right.Unpriced;
        return new(left.JudgeCalls + right.JudgeCalls, left.PromptTokens + right.PromptTokens, left.CompletionTokens + right.CompletionTokens)
        {
            CacheHits = left.CacheHits + right.CacheHits,
            BatchCalls = left.BatchCalls + right.BatchCalls,
            Currency = left.Currency ?? right.Currency,
            Unpriced = unpriced,
            Cost = unpriced || (left.Cost is null && right.Cost is null) ? null : (left.Cost ?? 0) + (right.Cost ?? 0),
        };
    }

    public TokenUsage Add(TokenUsage other) => this + other;
}
