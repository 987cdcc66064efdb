using ScoreJobs.Requests;
using ScoreJobs.Records;
using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using ScoreJobs.Jobs;
using ScoreJobs.Queues;
using ScoreJobs.Queues.Azure;

namespace ScoreJobs.Storage.Azure;

/// <summary>Azurite stopped mid-run and started again: calls fail fast and meaningfully while it is down, and nothing accepted is lost.</summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The SDK's own retries (two, about 100 and 200 ms) give up well within this; a submit then answers 503.</summary>
    private static readonly TimeSpan FailsWithin = TimeSpan.FromSeconds(5);
    private readonly HttpClient _httpClient = new();

    [Fact]
    public async Task Store_AzuriteStoppedThenBack_FailsFastWhileDownAndKeepsRecords()
    {
        var store = new BlobJobStore(azurite.Settings, AzuriteFixture.UniqueName("jobs"), _httpClient, NullLogger<BlobJobStore>.Instance);
        var record = NewRecord();
        await store.TryCreateAsync(record, CancellationToken.None);

        await azurite.Azurite.StopAsync();
        try
        {
            var started = Stopwatch.GetTimestamp();
            AssertUnreachable(await Record.ExceptionAsync(() => store.GetAsync(record.JobId, CancellationToken.None)));
            AssertUnreachable(await Record.ExceptionAsync(() => store.TryCreateAsync(NewRecord(), CancellationToken.None)));
            Assert.True(Stopwatch.GetElapsedTime(started) < 2 * FailsWithin, $"took {Stopwatch.GetElapsedTime(started)}");
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
        await queue.EnqueueAsync(new JobMessage.ScoreJob(jobId), CancellationToken.None);

        await azurite.Azurite.StopAsync();
        try
        {
            using var timeout = new CancellationTokenSource(FailsWithin);
            AssertUnreachable(await Record.ExceptionAsync(() => queue.ReceiveAsync(4, timeout.Token)));
        }
        finally
        {
            await azurite.Azurite.StartAgainAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var delivery = Assert.Single(await queue.ReceiveAsync(4, patience.Token));
        Assert.Equal(jobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
        await delivery.CompleteAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Store_WrongAccountKey_ForbiddenWithTheServiceErrorCode()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var settings = StorageAccountSettings.FromConnectionString(
            $"AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.Azurite.BlobEndpoint};QueueEndpoint={azurite.Azurite.QueueEndpoint};TableEndpoint={azurite.Azurite.TableEndpoint}");
        var store = new BlobJobStore(settings, AzuriteFixture.UniqueName("jobs"), _httpClient, NullLogger<BlobJobStore>.Instance);

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => store.TryCreateAsync(NewRecord(), CancellationToken.None));

        Assert.Equal(403, exception.Status);
        Assert.False(string.IsNullOrEmpty(exception.ErrorCode));
        Assert.DoesNotContain(wrongKey, exception.ToString(), StringComparison.Ordinal);
    }

    // After its retries the SDK reports every attempt that found nobody listening (status 0), not a timeout or a hang.
    private static void AssertUnreachable(Exception? exception)
    {
        var attempts = exception is AggregateException aggregate ? aggregate.InnerExceptions : [exception!];
        Assert.NotEmpty(attempts);
        Assert.All(attempts, attempt => Assert.Equal(0, Assert.IsType<RequestFailedException>(attempt).Status));
    }

    private static JobRecord NewRecord() => new()
    {
        JobId = JobId.New(DateTimeOffset.UtcNow),
        Status = JobStatus.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        RequestSummary = new RequestSummary { Question = "q" },
        Request = new ScoreRequest { Question = "q" },
    };
}
