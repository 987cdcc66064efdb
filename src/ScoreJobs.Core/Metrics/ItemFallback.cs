namespace ScoreJobs.Metrics;

/// <summary>
/// A batched judge reply that was unusable for some items (wrong count, missing or duplicate ids, a bad verdict),
/// and the items that were then asked again one by one. Their calls are in the metric's usage too.
/// </summary>
/// <param name="Reason">What was wrong with the batched reply.</param>
/// <param name="Items">The 1-based items asked again.</param>
/// <param name="Calls">The extra requests, one per item (retries of those are counted in usage).</param>
public sealed record ItemFallback(string Reason, IReadOnlyList<int> Items, int Calls);
