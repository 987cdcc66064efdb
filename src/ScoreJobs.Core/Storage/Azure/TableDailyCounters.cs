using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Storage mode's counters, shared by every instance on the account: a Table (<c>{container letters}counters</c>) with
/// one partition per counter and <see cref="Shards"/> entities per day, so instances adding at once rarely touch the
/// same entity. An add reads a shard and replaces it only if unchanged (its ETag), through <see cref="ConditionalUpdate"/>
/// (a conflict reads again, maybe another shard); a sum reads the partition's row-key range for the days asked.
/// </summary>
internal sealed class TableDailyCounters(TableClient table, TimeProvider time) : IDailyCounters
{
    private const int Shards = 8;
    private const string ValueProperty = "Value";
    private readonly ConditionalUpdate _adds = new(time, attempts: 20);
    private volatile bool _tableReady;

    public static string TableNameFor(string container) => StorageClients.TableNameFor(container, "counters");

    public async Task AddAsync(string name, DateOnly day, double amount, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(name);
        await _adds.RunAsync(async (_, ct) =>
        {
            var row = Day(day) + "-" + Random.Shared.Next(Shards).ToString("00", CultureInfo.InvariantCulture);
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct).ConfigureAwait(false);
            try
            {
                if (current.HasValue && current.Value is { } entity)
                {
                    entity[ValueProperty] = (entity.GetDouble(ValueProperty) ?? 0) + amount;
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { [ValueProperty] = amount }, ct).ConfigureAwait(false);
                }

                return UpdateAttempt<bool>.Done(true);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another instance changed (or created) this shard since it was read.
                return UpdateAttempt<bool>.Conflict;
            }
        }, whenExhausted: () => throw new InvalidOperationException($"Counter {name} kept changing while {amount} was being added."), cancellationToken).ConfigureAwait(false);
    }

    public async Task<double> SumAsync(string name, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(name)} and RowKey ge {Day(from)} and RowKey lt {Day(to.AddDays(1))}");
        var sum = 0.0;
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [ValueProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sum += entity.GetDouble(ValueProperty) ?? 0;
        }

        return sum;
    }

    // Keys may not hold / \ # ? or control characters; a counter's name may (an app's name is the caller's).
    private static string PartitionOf(string name) => Uri.EscapeDataString(name);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_tableReady) return;
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        _tableReady = true;
    }
}
