using Azure.Storage.Blobs;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Judge.Caching;

/// <summary>The judge response cache's registration: its store beside the records, and its place in the chat pipeline.</summary>
public static class JudgeCacheServiceCollectionExtensions
{
    /// <summary>The keyed <see cref="IDistributedCache"/> of judge replies, apart from any cache a host registers for itself.</summary>
    public const string ServiceKey = "ScoreJobs.JudgeResponseCache";

    /// <summary>The folder inside the jobs folder, beside <c>.idempotency</c>: the record store lists only <c>*.json</c> at the top.</summary>
    public const string FolderName = ".judge-cache";

    /// <summary>
    /// The store, chosen when first used: in Azure Storage mode (<paramref name="recordsBlobService"/> gives the
    /// <see cref="BlobServiceClient"/> the records use) the blob container named after the records' with <c>-cache</c>
    /// (<c>score-jobs-cache</c>); else (it gives null) the folder <c>.judge-cache</c> in the jobs folder. Either way the
    /// cache lives and goes with the records it served.
    /// </summary>
    public static IServiceCollection AddJudgeResponseCacheStore(this IServiceCollection services, Func<IServiceProvider, BlobServiceClient?> recordsBlobService)
    {
        services.TryAddKeyedSingleton<IDistributedCache>(ServiceKey, (sp, _) =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            IDistributedCache store = recordsBlobService(sp) is { } blobs
                ? new BlobDistributedCache(blobs.GetBlobContainerClient(ContainerFor(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)), time)
                : new LocalFolderDistributedCache(
                    Path.Combine(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.JobsDirectory, FolderName), time);
            var location = store is BlobDistributedCache blob ? blob.Container.Uri.GetLeftPart(UriPartial.Path) : ((LocalFolderDistributedCache)store).Directory;
            Log.JudgeCacheConfigured(sp.GetRequiredService<ILoggerFactory>().CreateLogger<JudgeResponseCache>(),
                sp.GetRequiredService<IOptions<JudgeOptions>>().Value.CacheTtlHours, location);
            return store;
        });
        return services;
    }

    /// <summary>Puts the cache first in the judge's chat pipeline, unless <c>ScoreJobs__Judge__CacheTtlHours</c> is 0.</summary>
    public static ChatClientBuilder UseJudgeResponseCache(this ChatClientBuilder builder) =>
        builder.Use((inner, sp) =>
        {
            var options = sp.GetRequiredService<IOptions<JudgeOptions>>().Value;
            return options.CacheTtlHours <= 0
                ? inner
                : new JudgeResponseCache(inner, sp.GetRequiredKeyedService<IDistributedCache>(ServiceKey), options,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<JudgeResponseCache>());
        });

    /// <summary><c>score-jobs</c> → <c>score-jobs-cache</c>, within the 63 characters a container name may have.</summary>
    internal static string ContainerFor(string recordsContainer) =>
        (recordsContainer.Length <= 57 ? recordsContainer : recordsContainer[..57].TrimEnd('-')) + "-cache";
}
