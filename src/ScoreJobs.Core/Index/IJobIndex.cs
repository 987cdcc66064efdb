using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>
/// What lists, filters, stats and recovery read instead of the records: one entry per job, written in the same step as
/// its record (see <see cref="IndexedJobStore"/>). The records stay the source of truth; an index can always be rebuilt
/// from them. One adapter per storage mode: SQLite beside the records folder, Azure Table storage beside the blobs.
/// </summary>
public interface IJobIndex
{
    /// <summary>
    /// Notes that a record write is about to happen, so that a crash before <see cref="UpsertAsync"/> leaves a mark
    /// <see cref="UnsettledAsync"/> finds. An index that cannot keep such marks cheaply does nothing.
    /// </summary>
    Task BeginWriteAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Makes the job's entry say what <paramref name="entry"/> says, and settles its write mark.</summary>
    Task UpsertAsync(JobIndexEntry entry, CancellationToken cancellationToken);

    /// <summary>Drops the job's entry (its record does not exist) and settles its write mark.</summary>
    Task RemoveAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs whose record write began and whose entry was never settled (the process died in between).</summary>
    Task<IReadOnlyList<string>> UnsettledAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One page of list items matching <paramref name="filter"/>, newest first, after the job <paramref name="afterJobId"/>;
    /// the cursor of the next page when there may be more.
    /// </summary>
    Task<JobPage> ListAsync(JobFilter filter, int limit, string? afterJobId, CancellationToken cancellationToken);

    /// <summary>Counts, mean, histogram, daily trend and per-metric means over the entries matching <paramref name="filter"/>.</summary>
    Task<JobStats> StatsAsync(JobFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// The tally of run <paramref name="runId"/>'s jobs (empty when it has none yet), kept on write: reading it costs the
    /// same whatever the run's size.
    /// </summary>
    Task<RunTally> RunTallyAsync(string runId, CancellationToken cancellationToken);

    /// <summary>List items of jobs left queued or running, or finished with a callback still pending, newest first.</summary>
    IAsyncEnumerable<JobListItem> PendingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the job's labels in the index exactly <paramref name="labels"/> (empty: none), kept apart from its entry so
    /// that a record write never drops them. The label store stays the source of truth.
    /// </summary>
    Task SetLabelsAsync(string jobId, IReadOnlyList<JobLabel> labels, CancellationToken cancellationToken);

    /// <summary>
    /// One pair per rater per job matching <paramref name="filter"/> where both the judge and that rater gave
    /// <paramref name="metric"/> (see <see cref="LabelledScore"/>); read from the index alone, never the records.
    /// The list may be lent from memory the index holds (an <see cref="ILentLabelledScores"/>): dispose it when done.
    /// </summary>
    Task<IReadOnlyList<LabelledScore>> LabelledScoresAsync(JobFilter filter, string metric, CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes after every committed write that may change what <see cref="LabelledScoresAsync"/> returns
    /// (a label, or the entry of a labelled job), so what was computed from it can be kept until then; null when the
    /// index cannot tell cheaply (several writers), and then nothing is kept.
    /// </summary>
    long? LabelsVersion => null;

    /// <summary>Makes the index hold exactly <paramref name="entries"/> (every record in the store); returns how many.</summary>
    Task<long> RebuildAsync(IAsyncEnumerable<JobIndexEntry> entries, CancellationToken cancellationToken);
}
