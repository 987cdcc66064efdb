namespace ScoreJobs.Storage.Azure;

/// <summary>
/// One List Blobs response: blobs in ascending name order, the virtual folders a delimiter folded
/// (<c>idempotency/</c>), and the marker of the next page (null on the last).
/// </summary>
internal sealed record BlobListPage(IReadOnlyList<BlobListEntry> Blobs, IReadOnlyList<string> Prefixes, string? NextMarker);
