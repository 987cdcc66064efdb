using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Storage mode's counters, shared by every instance on the account: a Table (<c>{container letters}counters</c>) with
/// one partition per counter and <see cref="Shards"/> entities per day, so instances adding at once rarely touch the
/// same entity. An add reads a shard and replaces it only if unchanged (its ETag), retrying on a conflict; a sum reads
/// the partition's row-key range for the days asked.
/// </summary>
internal sealed class TableDailyCounters(TableClient table) : IDailyCounters
{
    private const int Shards = 8;
    private const int MaxAttempts = 20;
    private const string ValueProperty = "Value";
    private volatile bool _tableReady;

    public static string TableNameFor(string container)
    {
        var name = new string([.. container.Where(char.IsAsciiLetterOrDigit)]) + "counters";
        if (!char.IsAsciiLetter(name[0])) name = "t" + name;
        return name.Length <= 63 ? name : name[..63];
    }

    public async Task AddAsync(string name, DateOnly day, double amount, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var partition = PartitionOf(name);
        for (var attempt = 1; ; attempt++)
        {
            var row = Day(day) + "-" + Random.Shared.Next(Shards).ToString("00", CultureInfo.InvariantCulture);
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (current.HasValue && current.Value is { } entity)
                {
                    entity[ValueProperty] = (entity.GetDouble(ValueProperty) ?? 0) + amount;
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(new TableEntity(partition, row) { [ValueProperty] = amount }, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another instance changed (or created) this shard since it was read: read again, maybe another shard.
            }
        }
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
