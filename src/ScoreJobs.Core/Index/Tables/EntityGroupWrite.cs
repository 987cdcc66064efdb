using System.Runtime.ExceptionServices;
using Azure.Data.Tables;
using ScoreJobs.Storage;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// A job's entity and its tally shard changed together: one conditional entity-group transaction, planned again from
/// fresh reads while another write wins the race (409 or 412), as many times as <see cref="ConditionalUpdate"/> allows;
/// then the last lost race is thrown. The run tallies and the stats shards both write this way.
/// </summary>
internal static class EntityGroupWrite
{
    /// <summary>
    /// Plans and submits the transaction until it lands or <paramref name="writes"/> gives up. <paramref name="plan"/>
    /// reads what it needs and returns the actions, or null when there is nothing to write; <paramref name="sending"/> is
    /// called as the transaction goes out and <paramref name="lostRace"/> on each 409 or 412 (the callers count their Table
    /// requests and lost races).
    /// </summary>
    public static Task RunAsync(
        ConditionalUpdate writes, TableClient table, Func<CancellationToken, Task<List<TableTransactionAction>?>> plan, Action sending,
        Action lostRace, CancellationToken cancellationToken)
    {
        TableTransactionFailedException? lost = null;
        return writes.RunAsync(async (_, ct) =>
        {
            var actions = await plan(ct).ConfigureAwait(false);
            if (actions is null) return UpdateAttempt<bool>.Done(false);
            try
            {
                sending();
                await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
                return UpdateAttempt<bool>.Done(true);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another job of the same shard (or another write of this job) got there first: read again and redo.
                lost = ex;
                lostRace();
                return UpdateAttempt<bool>.Conflict;
            }
        }, whenExhausted: () =>
        {
            ExceptionDispatchInfo.Throw(lost!);
            return false;
        }, cancellationToken);
    }
}
