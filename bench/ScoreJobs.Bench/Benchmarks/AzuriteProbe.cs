using System.Diagnostics;
using Azure.Storage.Blobs;
using ScoreJobs.Bench.Load;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>Times Azurite's answer to one small blob put, paced, until cancelled: the emulator's share of a request's time.</summary>
internal static class AzuriteProbe
{
    public static async Task<LatencySamples> Start(string connectionString, double perSecond, CancellationToken stop)
    {
        // The service version the product pins (Azurite refuses newer ones than it knows).
        var container = new BlobServiceClient(connectionString, StorageClients.BlobOptions()).GetBlobContainerClient("bench-probe");
        await container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        var body = BinaryData.FromBytes(new byte[2048]);
        var samples = new LatencySamples();
        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await container.GetBlobClient($"probe-{n++ % 100}").UploadAsync(body, overwrite: true, CancellationToken.None);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return samples;
    }
}
