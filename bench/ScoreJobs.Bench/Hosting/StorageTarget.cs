using ScoreJobs.Testing;

namespace ScoreJobs.Bench.Hosting;

/// <summary>
/// Where the servers keep records and queue work: a fresh local folder per server group (embedded mode), or a
/// real Azurite (the pinned npm package under tools/azurite) with a fresh container and queue per group.
/// </summary>
internal sealed class StorageTarget : IAsyncDisposable
{
    public const string Embedded = "embedded";
    public const string Azurite = "azurite";
    private int _groups;

    private StorageTarget(string mode, AzuriteProcess? azurite)
    {
        Mode = mode;
        AzuriteProcess = azurite;
    }

    public string Mode { get; }

    public AzuriteProcess? AzuriteProcess { get; }

    public static Task<StorageTarget> CreateAsync(string mode, CancellationToken cancellationToken) => CreateAsync(mode, inMemory: false, split: false, cancellationToken);

    /// <summary>
    /// With <paramref name="inMemory"/>, Azurite keeps its store in memory only and never pauses to save it; with
    /// <paramref name="split"/>, its blob, queue and table services run as three Node.js processes, not one.
    /// </summary>
    public static async Task<StorageTarget> CreateAsync(string mode, bool inMemory, bool split, CancellationToken cancellationToken) =>
        mode == Azurite ? new StorageTarget(mode, await Testing.AzuriteProcess.StartAsync(inMemory, split, cancellationToken)) : new StorageTarget(mode, null);

    /// <summary>Settings for a new group of servers that share one store and queue, seeing no other group's records.</summary>
    public ServerSettings NewGroup(string scratch, string name)
    {
        var group = name + "-" + Interlocked.Increment(ref _groups).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (AzuriteProcess is null)
        {
            var folder = Path.Combine(scratch, group);
            Directory.CreateDirectory(folder);
            return new ServerSettings { JobsDirectory = folder };
        }

        var suffix = Guid.NewGuid().ToString("N")[..8];
        return new ServerSettings
        {
            StorageConnectionString = AzuriteProcess.ConnectionString,
            Extra = new Dictionary<string, string>
            {
                ["ScoreJobs__Container"] = $"{group}-{suffix}",
                ["ScoreJobs__Queue"] = $"{group}-{suffix}",
            },
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (AzuriteProcess is not null) await AzuriteProcess.DisposeAsync();
    }
}
