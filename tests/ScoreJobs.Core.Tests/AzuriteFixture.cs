using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Testing;

namespace ScoreJobs;

/// <summary>One real Azurite per test class (<c>IClassFixture&lt;AzuriteFixture&gt;</c>), stopped when the class is done.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;

    public AzuriteProcess Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public StorageAccountSettings Settings => StorageAccountSettings.FromConnectionString(Azurite.ConnectionString);

    /// <summary>The container as a plain SDK client sees it, to look under the store.</summary>
    public BlobContainerClient Container(string name) =>
        Settings.CreateBlobServiceClient(StorageClients.BlobOptions()).GetBlobContainerClient(name);

    /// <summary>The queue as a client without message encoding sees it: the text as it is stored.</summary>
    public QueueClient RawQueue(string name) =>
        Settings.CreateQueueServiceClient(StorageClients.QueueOptions()).GetQueueClient(name);

    /// <summary>A table of this Azurite, for the job index (a name derived from <paramref name="container"/>).</summary>
    public TableClient Table(string container) =>
        Settings.CreateTableServiceClient(Index.Tables.TableIndexClients.Options()).GetTableClient(Index.Tables.TableJobIndex.TableNameFor(container));

    public async Task InitializeAsync() => _azurite = await AzuriteProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>A container or queue name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 1 + 32, 63)];
}
