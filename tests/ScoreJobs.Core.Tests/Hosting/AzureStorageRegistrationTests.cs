using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScoreJobs.Health;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Index.Tables;
using ScoreJobs.Index;
using ScoreJobs.Queues;
using ScoreJobs.Queues.Azure;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Storage.Local;

namespace ScoreJobs.Hosting;

public sealed class AzureStorageRegistrationTests
{
    private static ServiceProvider CreateSut(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddScoreJobs(configuration);
        services.AddScoreJobsWorker();
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData(true, null, 200)]
    [InlineData(true, "40", 40)]
    [InlineData(false, null, 25)]
    public void AddScoreJobsWorker_Pacing_StorageModeSparesTheLiveLaneAndWaitsLonger(bool storageMode, string? targetMs, int expectedMs)
    {
        var store = storageMode
            ? ("AzureWebJobsStorage", "UseDevelopmentStorage=true")
            : ("ScoreJobs:JobsDirectory", Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N")));
        using var provider = targetMs is null ? CreateSut(store) : CreateSut(store, ("ScoreJobs:WorkerPacingTargetMs", targetMs));

        var pacing = provider.GetRequiredService<Jobs.WorkerPacing>();

        Assert.Equal(!storageMode, pacing.PacesLive);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), pacing.Target);
    }

    [Fact]
    public void AddScoreJobs_ConnectionString_BlobStoreAndStorageQueue()
    {
        using var provider = CreateSut(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("ScoreJobs:Container", "my-jobs"));

        var store = Assert.IsType<IndexedJobStore>(provider.GetRequiredService<IJobStore>());
        Assert.IsType<BlobJobStore>(store.Records);
        Assert.IsType<TableJobIndex>(store.Index);
        Assert.Equal("http://127.0.0.1:10002/devstoreaccount1",
            provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient("AzureWebJobsStorage").Uri.AbsoluteUri.TrimEnd('/'));
        var queue = Assert.IsType<StorageJobQueue>(provider.GetRequiredService<IJobQueue>());
        Assert.Equal("score-jobs", queue.QueueName);
        Assert.Equal("score-jobs-poison", queue.PoisonQueueName);
        var description = provider.GetRequiredService<ServiceDescription>();
        Assert.Equal("azure-blob", description.Storage);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/my-jobs", description.Location);
    }

    [Fact]
    public void AddScoreJobs_IdentityBasedSettings_SdkClientsOnThoseServiceUris()
    {
        using var provider = CreateSut(
            ("AzureWebJobsStorage:blobServiceUri", "https://scorejobs01.blob.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://scorejobs01.queue.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"));

        Assert.IsType<BlobJobStore>(Assert.IsType<IndexedJobStore>(provider.GetRequiredService<IJobStore>()).Records);
        Assert.IsType<StorageJobQueue>(provider.GetRequiredService<IJobQueue>());
        Assert.False(provider.GetRequiredService<StorageAccountSettings>().UsesConnectionString);
        var blobs = provider.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient("AzureWebJobsStorage");
        var queues = provider.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient("AzureWebJobsStorage");
        Assert.Equal("https://scorejobs01.blob.core.windows.net/", blobs.Uri.AbsoluteUri);
        Assert.Equal("https://scorejobs01.queue.core.windows.net/", queues.Uri.AbsoluteUri);
        Assert.False(blobs.CanGenerateAccountSasUri);
        // No tableServiceUri: the blob account's Table endpoint, where the job index lives.
        Assert.Equal("https://scorejobs01.table.core.windows.net/",
            provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient("AzureWebJobsStorage").Uri.AbsoluteUri);
    }

    [Fact]
    public void AddScoreJobs_IdentityTableServiceUri_TableClientOnIt()
    {
        using var provider = CreateSut(
            ("AzureWebJobsStorage:blobServiceUri", "https://scorejobs01.blob.core.windows.net"),
            ("AzureWebJobsStorage:queueServiceUri", "https://scorejobs01.queue.core.windows.net"),
            ("AzureWebJobsStorage:tableServiceUri", "https://other01.table.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"));

        Assert.Equal("https://other01.table.core.windows.net/",
            provider.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient("AzureWebJobsStorage").Uri.AbsoluteUri);
    }

    [Fact]
    public void AddScoreJobs_NoStorageSetting_EmbeddedMode()
    {
        using var provider = CreateSut(("ScoreJobs:JobsDirectory", Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"))));

        var store = Assert.IsType<IndexedJobStore>(provider.GetRequiredService<IJobStore>());
        Assert.IsType<LocalFolderJobStore>(store.Records);
        Assert.IsType<SqliteJobIndex>(store.Index);
        Assert.Null(provider.GetService<StorageAccountSettings>());
    }

    [Fact]
    public void AddScoreJobs_MalformedConnectionString_FailsAtStartNamingTheSetting()
    {
        var exception = Assert.Throws<InvalidSettingException>(() => CreateSut(("AzureWebJobsStorage", "AccountName=acct;AccountKey=%%%")));

        Assert.Contains("AzureWebJobsStorage", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("%%%", exception.Message, StringComparison.Ordinal);
    }
}
