using ScoreJobs.Labels;
using ScoreJobs.Storage;

namespace ScoreJobs.Deletion;

/// <summary>What deleting a job came to.</summary>
public enum JobDeletion
{
    Deleted,
    NotFound,

    /// <summary>The job is a sample of a dataset run: only the run's deletion deletes it.</summary>
    OfARun,
}

/// <summary>
/// Deletes a job and everything kept about it: its labels and its judge-usage log first, then the record and its index
/// entry (so the list, the stats and the agreement figures no longer count it). A crash part-way leaves the record, and
/// the same DELETE finishes the work. An Idempotency-Key that named the job is forgotten with it: a key whose job is
/// gone is free again.
/// </summary>
public sealed class JobDeleter(IJobStore store, ILabelStore labels, IJudgeUsageLog usage)
{
    /// <summary>What was done, and for <see cref="JobDeletion.OfARun"/> the run the job belongs to.</summary>
    public async Task<(JobDeletion Outcome, string? RunId)> DeleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // An index entry left by a crash between a record's deletion and its entry's goes now.
            await store.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
            return (JobDeletion.NotFound, null);
        }

        if (stored.Record.RunId is { } runId) return (JobDeletion.OfARun, runId);
        await DeleteKnownAsync(jobId, cancellationToken).ConfigureAwait(false);
        return (JobDeletion.Deleted, null);
    }

    /// <summary>Deletes the job whatever it belongs to (a run's deletion deletes its jobs so).</summary>
    internal async Task DeleteKnownAsync(string jobId, CancellationToken cancellationToken)
    {
        await labels.DeleteAllAsync(jobId, cancellationToken).ConfigureAwait(false);
        await usage.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(jobId, cancellationToken).ConfigureAwait(false);
    }
}
