namespace ScoreJobs.Cli.Runs;

/// <summary>The estimate's cost, live and in batch mode; null with the reason when a model has no price.</summary>
internal sealed record EstimatedCost(decimal? Live, decimal? Batch, string? Currency, string? Reason);
