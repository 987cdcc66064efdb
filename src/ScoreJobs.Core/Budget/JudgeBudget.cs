using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Judge;
using ScoreJobs.Storage;

namespace ScoreJobs.Budget;

/// <summary>
/// The daily judge budget (<c>ScoreJobs__Judge__DailyBudget</c>). Spend is what the live judge calls made for jobs cost
/// at the price table, added as each call's reply is read (the point where a job's usage is logged, so a call of an
/// attempt that later dies is counted, once) to a counter per UTC day in <see cref="IDailyCounters"/>: a file in embedded
/// mode, a Table on the Storage account otherwise, so every instance on one account shares one budget. A model with no
/// price adds nothing. The limit is read on every check, so a budget raised by a configuration reload applies at once.
/// </summary>
public sealed class JudgeBudget(IDailyCounters counters, IOptionsMonitor<JudgeOptions> options, TimeProvider time, ILogger<JudgeBudget> logger)
{
    /// <summary>A held job's <see cref="Records.JobListItem.Waiting"/>.</summary>
    public const string WaitingReason = "budget";

    /// <summary>The daily counter the spend is added to.</summary>
    internal const string SpendCounter = "judge_spend";

    /// <summary>How soon work held by the budget looks again, so a raised budget resumes it within this.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(60);

    /// <summary>Today's limit, or null when there is none.</summary>
    public decimal? Limit => options.CurrentValue.DailyBudget;

    /// <summary>Adds what <paramref name="paid"/> cost to today's spend (nothing when it has no price or cost nothing).</summary>
    public async Task AddAsync(TokenUsage paid, CancellationToken cancellationToken)
    {
        if (paid.Cost is not { } cost || cost <= 0) return;
        try
        {
            await counters.AddAsync(SpendCounter, Today(), (double)cost, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The call is paid whatever happens here; the job goes on and the budget undercounts it.
            Log.BudgetAddFailed(logger, ex, (double)cost);
        }
    }

    /// <summary>Today's limit, spend and whether the spend has reached the limit.</summary>
    public async Task<BudgetState> ReadAsync(CancellationToken cancellationToken)
    {
        var limit = Limit;
        var today = Today();
        // The counters add doubles: rounded to a millionth, so forty calls of 0.025 reach 1.00 exactly.
        var spent = Math.Round((decimal)await counters.SumAsync(SpendCounter, today, today, cancellationToken).ConfigureAwait(false), 6);
        return new BudgetState(limit, spent, limit is { } l && spent >= l);
    }

    /// <summary>True when a limit is set and today's spend has reached it (no read without a limit).</summary>
    public async Task<bool> IsExhaustedAsync(CancellationToken cancellationToken) =>
        Limit is not null && (await ReadAsync(cancellationToken).ConfigureAwait(false)).Exhausted;

    /// <summary>How long held work waits before it looks again: <see cref="Recheck"/>, or less to the next UTC midnight.</summary>
    public TimeSpan WaitDelay()
    {
        var now = time.GetUtcNow();
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var untilMidnight = midnight - now + TimeSpan.FromSeconds(1);
        return untilMidnight < Recheck ? untilMidnight : Recheck;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
