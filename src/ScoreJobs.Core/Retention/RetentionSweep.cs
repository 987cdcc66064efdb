using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Deletion;
using ScoreJobs.Index;
using ScoreJobs.Records;
using ScoreJobs.Runs;
using ScoreJobs.Storage;

namespace ScoreJobs.Retention;

/// <summary>What one sweep deleted.</summary>
public sealed record RetentionResult(int Jobs, int Runs);

/// <summary>
/// Deletes what is older than <see cref="ScoreJobsOptions.RetentionDays"/>: jobs submitted one by one (with their labels
/// and usage logs, as <c>DELETE</c> does) and dataset runs (with their jobs, on the runs lane). Jobs are read from the
/// index oldest-first by listing before the cut-off from the start each time, so a sweep cut off by a kill is finished
/// by the next one, and two sweeps at once delete nothing twice (a job already gone is not found).
/// </summary>
public sealed class RetentionSweep(
    IJobIndex index, IRunStore runs, RunService runService, JobDeleter deleter, IOptions<ScoreJobsOptions> options, TimeProvider time, ILogger<RetentionSweep> logger)
{
    private const int PageSize = 200;

    /// <summary>Null when retention is off.</summary>
    public DateTimeOffset? CutOff => options.Value.RetentionDays is { } days ? time.GetUtcNow().AddDays(-days) : null;

    public async Task<RetentionResult> SweepAsync(CancellationToken cancellationToken)
    {
        if (CutOff is not { } cutOff) return new RetentionResult(0, 0);
        var jobs = 0;
        while (true)
        {
            var page = await index.ListAsync(new JobFilter { Until = cutOff, Source = JobSource.Live }, PageSize, null, cancellationToken).ConfigureAwait(false);
            var removed = 0;
            foreach (var job in page.Jobs)
            {
                var outcome = (await deleter.DeleteAsync(job.JobId, cancellationToken).ConfigureAwait(false)).Outcome;
                if (outcome == JobDeletion.Deleted) jobs++;
                // A job already gone (its entry left by a crash) is removed from the index all the same.
                if (outcome != JobDeletion.OfARun) removed++;
            }

            // A page that removed nothing would come back the same: stop rather than spin.
            if (page.Jobs.Count < PageSize || removed == 0) break;
        }

        var expired = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await runs.ListAsync(after, PageSize, cancellationToken).ConfigureAwait(false);
            expired.AddRange(page.Where(m => m.CreatedAt < cutOff && m.DeletedAt is null).Select(m => m.RunId));
            if (page.Count < PageSize) break;
            after = page[^1].RunId;
        }

        foreach (var runId in expired) await runService.DeleteAsync(runId, cancellationToken).ConfigureAwait(false);
        RetentionLog.Swept(logger, cutOff, jobs, expired.Count);
        return new RetentionResult(jobs, expired.Count);
    }
}
