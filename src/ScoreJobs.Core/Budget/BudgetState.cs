namespace ScoreJobs.Budget;

/// <summary>The daily judge budget as <c>GET /api/health</c> shows it.</summary>
/// <param name="Limit">The budget per UTC day, in the price table's currency; null when none is set.</param>
/// <param name="Spent">What today's live judge calls cost so far (UTC day).</param>
/// <param name="Exhausted">True when a limit is set and <paramref name="Spent"/> has reached it: judge work waits.</param>
public sealed record BudgetState(decimal? Limit, decimal Spent, bool Exhausted);
