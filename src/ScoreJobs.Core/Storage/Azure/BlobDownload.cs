namespace ScoreJobs.Storage.Azure;

/// <summary>A blob's content with the ETag it had when read.</summary>
internal sealed record BlobDownload(byte[] Content, string ETag);
