namespace ScoreJobs.Storage.Azure;

/// <summary>One blob of a List Blobs page: its name, ETag and (when asked for) metadata, names lower-cased.</summary>
internal sealed record BlobListEntry(string Name, string? ETag, IReadOnlyDictionary<string, string> Metadata);
