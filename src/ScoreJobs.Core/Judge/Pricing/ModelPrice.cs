namespace ScoreJobs.Judge.Pricing;

/// <summary>
/// One row of the price table (<c>ScoreJobs__Judge__Prices__0__Model</c>, <c>__InputPerMillion</c>...): a list rather
/// than a map keyed by model, because deployment names hold characters (<c>-</c>, <c>.</c>, <c>:</c>) that
/// environment variable names and App Service setting names cannot.
/// </summary>
public sealed class ModelPrice
{
    /// <summary>The model or deployment name as requests use it (case-insensitive).</summary>
    public string? Model { get; set; }

    /// <summary>Price of one million prompt (input) tokens.</summary>
    public decimal InputPerMillion { get; set; }

    /// <summary>Price of one million completion (output) tokens; 0 for an embedding model.</summary>
    public decimal OutputPerMillion { get; set; }

    /// <summary>The share taken off for Batch API calls (0.5 = half price): replies a batch-mode run bought through the Batch API.</summary>
    public decimal BatchDiscount { get; set; }
}
