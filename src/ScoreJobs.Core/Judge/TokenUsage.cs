using System.Text.Json.Serialization;

namespace ScoreJobs.Judge;

/// <summary>
/// Judge calls and tokens spent; adds up across metrics and jobs. <see cref="JudgeCalls"/> are live calls; replies bought
/// through the Batch API for a batch-mode run count in <see cref="BatchCalls"/>. The tokens (and cost) are what was paid
/// for, live and batch; replies reused from the response cache count in <see cref="CacheHits"/> only.
/// Calls made by attempts of the job that never finished (killed, timed out, redelivered) are in the totals too, and
/// also apart in the <c>Redone</c> figures: <see cref="JudgeCalls"/> = the finishing attempt's live calls +
/// <see cref="RedoneCalls"/>, <see cref="PromptTokens"/> = its prompt tokens (live and batch) + <see cref="RedonePromptTokens"/>,
/// and so on for completion tokens and cost. <see cref="CutOffCalls"/> says how many of <see cref="JudgeCalls"/> never had
/// their reply read, so whether the provider received them is unknown: the calls it received lie between
/// <see cref="JudgeCalls"/> - <see cref="CutOffCalls"/> and <see cref="JudgeCalls"/>.
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

    /// <summary>Live judge calls made by attempts that never finished (their message came back and the job was scored again).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int RedoneCalls { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RedonePromptTokens { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long RedoneCompletionTokens { get; init; }

    /// <summary>What the redone calls cost, within <see cref="Cost"/>; absent while nothing was redone or without prices.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public decimal? RedoneCost { get; init; }

    /// <summary>
    /// Live calls, within <see cref="JudgeCalls"/>, that went out and whose reply was never read: cut off by a kill, a
    /// timeout or a lost connection. The provider may or may not have received them; they are counted, as it may bill them.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int CutOffCalls { get; init; }

    /// <summary>
    /// On a line of a job's usage log only: how many of the calls sent had a reply come back (an HTTP response, whatever
    /// its status). The log's calls less its replies are the job's <see cref="CutOffCalls"/>.
    /// </summary>
    [JsonIgnore]
    internal int RepliesRead { get; init; }

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
            RedoneCalls = left.RedoneCalls + right.RedoneCalls,
            RedonePromptTokens = left.RedonePromptTokens + right.RedonePromptTokens,
            RedoneCompletionTokens = left.RedoneCompletionTokens + right.RedoneCompletionTokens,
            RedoneCost = left.RedoneCost is null && right.RedoneCost is null ? null : (left.RedoneCost ?? 0) + (right.RedoneCost ?? 0),
            CutOffCalls = left.CutOffCalls + right.CutOffCalls,
            RepliesRead = left.RepliesRead + right.RepliesRead,
            Currency = left.Currency ?? right.Currency,
            Unpriced = unpriced,
            Cost = unpriced || (left.Cost is null && right.Cost is null) ? null : (left.Cost ?? 0) + (right.Cost ?? 0),
        };
    }

    public TokenUsage Add(TokenUsage other) => this + other;

    /// <summary>What attempts that never finished spent (live calls only), as usage to add to the finishing attempt's: in the totals and apart.</summary>
    public static TokenUsage Redone(TokenUsage spent) =>
        new(spent.JudgeCalls, spent.PromptTokens, spent.CompletionTokens)
        {
            RedoneCalls = spent.JudgeCalls,
            RedonePromptTokens = spent.PromptTokens,
            RedoneCompletionTokens = spent.CompletionTokens,
            Cost = spent.Cost,
            RedoneCost = spent.Cost,
            Currency = spent.Currency,
            Unpriced = spent.Unpriced,
        };
}
