namespace ScoreJobs.Estimates;

/// <summary>
/// The estimate's cost in <see cref="Currency"/> from the price table, live and at the Batch API's discount (embeddings at
/// the live price either way); both null, with the <see cref="Reason"/>, when a model has no price.
/// </summary>
public sealed record EstimatedCost(decimal? Live, decimal? Batch, string Currency)
{
    public string? Reason { get; init; }
}
