using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Jobs;
using ScoreJobs.Queues;
using ScoreJobs.Queues.Azure;

namespace ScoreJobs.Storage.Azure;

/// <summary>Azurite stopped mid-run and started again: calls fail meaningfully while it is down, and nothing accepted is lost.</summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly HttpClient _httpClient = azurite.Settings.CreateHttpClient();

    [Fact]
    public async Task Store_AzuriteStoppedThenBack_FailsWhileDownAndKeepsRecords()
    {
        var store = new BlobJobStore(azurite.Settings, AzuriteFixture.UniqueName("jobs"), _httpClient, NullLogger<BlobJobStore>.Instance);
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);

        await azurite.Azurite.StopAsync();
        try
        {
            var down = await Assert.ThrowsAsync<StorageRequestException>(() => store.GetAsync(record.JobId, CancellationToken.None));
            Assert.Null(down.Status);
            Assert.Contains("Get Blob", down.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<StorageRequestException>(() => store.TryCreateAsync(NewRecord(), CancellationToken.None));
        }
        finally
        {
            await azurite.Azurite.StartAgainAsync();
        }

        var stored = await store.GetAsync(record.JobId, CancellationToken.None);
        Assert.Equal(record.JobId, stored?.Record.JobId);
        Assert.NotNull(await store.TryReplaceAsync(stored!.Record with { Status = JobStatus.Running }, stored.ETag, CancellationToken.None));
    }

    [Fact]
    public async Task Queue_AzuriteStoppedThenBack_ReceiveFailsWhileDownThenDeliversTheMessage()
    {
        var queue = new StorageJobQueue(azurite.Settings, AzuriteFixture.UniqueName("jobs"), _httpClient, TimeProvider.System, NullLogger<StorageJobQueue>.Instance);
        var jobId = JobId.New(DateTimeOffset.UtcNow);
        await queue.EnqueueAsync(new JobMessage(jobId), CancellationToken.None);

        await azurite.Azurite.StopAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var down = await Assert.ThrowsAsync<StorageRequestException>(() => queue.ReceiveAsync(4, timeout.Token));
            Assert.Null(down.Status);
        }
        finally
        {
            await azurite.Azurite.StartAgainAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var delivery = Assert.Single(await queue.ReceiveAsync(4, patience.Token));
        Assert.Equal(jobId, delivery.Message?.JobId);
        await delivery.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Store_WrongAccountKey_ForbiddenWithTheServiceErrorCode()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var settings = StorageAccountSettings.FromConnectionString(
            $"AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.Azurite.BlobEndpoint};QueueEndpoint={azurite.Azurite.QueueEndpoint}");
        using var httpClient = settings.CreateHttpClient();
        var store = new BlobJobStore(settings, AzuriteFixture.UniqueName("jobs"), httpClient, NullLogger<BlobJobStore>.Instance);

        var exception = await Assert.ThrowsAsync<StorageRequestException>(() => store.TryCreateAsync(NewRecord(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, exception.Status);
        Assert.False(string.IsNullOrEmpty(exception.ErrorCode));
        Assert.DoesNotContain(wrongKey, exception.Message, StringComparison.Ordinal);
    }

    private static JobRecord NewRecord() => new()
    {
        JobId = JobId.New(DateTimeOffset.UtcNow),
        Status = JobStatus.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        RequestSummary = new RequestSummary { Question = "q" },
    };
}
