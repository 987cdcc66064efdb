using ScoreJobs.Bench.Hosting;
using ScoreJobs.Testing;

namespace ScoreJobs.Bench.Seeding;

/// <summary>Completed job records written as blobs straight into Azurite before the server starts.</summary>
internal static class BlobSeeder
{
    public static Task<SeedResult> WriteBlobsAsync(AzuriteProcess azurite, ServerSettings settings, int count, DateTimeOffset now, CancellationToken cancellationToken) =>
        throw new NotSupportedException("blob seeding arrives with the storage merge");
}
