using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Index.Tables;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Index;

/// <summary>The index beside each kind of store, and <see cref="IJobStore"/> as the store that writes both.</summary>
public static class JobIndexServiceCollectionExtensions
{
    /// <summary>Embedded: SQLite in the records folder, repaired at start before anything reads it.</summary>
    public static IServiceCollection AddSqliteJobIndex<TRecords>(this IServiceCollection services)
        where TRecords : class, IJobStore
    {
        services.AddSingleton<SqliteJobIndex>();
        services.AddSingleton<IJobIndex>(sp => sp.GetRequiredService<SqliteJobIndex>());
        services.AddSingleton<IJobStore>(sp => new IndexedJobStore(sp.GetRequiredService<TRecords>(), sp.GetRequiredService<IJobIndex>()));
        services.AddSingleton<JobIndexRebuilder>();
        services.AddHostedService<JobIndexStartupRepair>();
        return services;
    }

    /// <summary>Storage mode: a table named after the container (<see cref="TableJobIndex.TableNameFor"/>), on the Table service client registered as <c>AzureWebJobsStorage</c>.</summary>
    public static IServiceCollection AddTableJobIndex<TRecords>(this IServiceCollection services)
        where TRecords : class, IJobStore
    {
        services.AddSingleton(sp => new TableJobIndex(
            sp.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetTableClient(TableJobIndex.TableNameFor(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)),
            sp.GetRequiredService<ILogger<TableJobIndex>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IJobIndex>(sp => sp.GetRequiredService<TableJobIndex>());
        services.AddSingleton<IJobStore>(sp => new IndexedJobStore(sp.GetRequiredService<TRecords>(), sp.GetRequiredService<IJobIndex>()));
        services.AddSingleton<JobIndexRebuilder>();
        return services;
    }
}
