using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Index;
using ScoreJobs.Queues;
using ScoreJobs.Records;
using ScoreJobs.Storage;

using ScoreJobs.Statistics;

namespace ScoreJobs.Runs;

/// <summary>
/// Dataset runs: submit (the manifest and samples stored, one expansion message queued: the jobs are created on the
/// runs lane, so a 10,000-sample submit answers at once), read, list, cancel, retry and compare. Progress and
/// aggregates come from the job index's tally of the run, never from its jobs' records.
/// </summary>
public sealed class RunService(
    IRunStore runs, IJobStore jobs, IJobIndex index, [FromKeyedServices(QueueLanes.Runs)] IJobQueue queue, RunCallbackRunner callbacks, TimeProvider time, ILogger<RunService> logger,
    IOptions<ScoreJobsOptions>? options = null)
{
    private readonly ConditionalUpdate _updates = new(time, attempts: 10);
    private readonly IdempotencyKeys _keys = new(jobs, time, options?.Value ?? new ScoreJobsOptions());

    /// <summary>The default fall of a sample's score that counts as a regression in a comparison.</summary>
    public const double DefaultRegressionMargin = 0.1;

    internal async Task<SubmitRunResult> SubmitAsync(PreparedRun prepared, string? idempotencyKey, string requestHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var runId = JobId.New(now);
        if (idempotencyKey is not null)
        {
            var claim = new IdempotencyClaim(runId, requestHash);
            var holder = await _keys.ClaimAsync(Hash("run\n" + idempotencyKey), claim,
                async (id, ct) => await runs.GetAsync(id, ct).ConfigureAwait(false) is { Manifest.DeletedAt: null }, cancellationToken).ConfigureAwait(false);
            if (holder.JobId != runId)
            {
                if (holder.RequestHash != requestHash) return SubmitRunResult.Conflict;
                if (await runs.GetAsync(holder.JobId, cancellationToken).ConfigureAwait(false) is { Manifest.DeletedAt: null } earlier)
                {
                    RunLog.RunSubmitReplayed(logger, earlier.Manifest.RunId);
                    return SubmitRunResult.Accepted(await ViewAsync(earlier.Manifest, cancellationToken).ConfigureAwait(false), replayed: true);
                }

                // The first submitter claimed the key and died before storing its run: finish its work.
                runId = holder.JobId;
            }
        }

        var manifest = prepared.Manifest with
        {
            RunId = runId,
            CreatedAt = now,
            Callback = prepared.Manifest.Callback is { } callback ? callback with { WebhookId = "msg_" + runId } : null,
        };
        var chunks = prepared.Samples.Chunk(RunManifest.ChunkSize).Select(c => (IReadOnlyList<RunSample>)c).ToList();
        if (!await runs.TryCreateAsync(manifest, chunks, cancellationToken).ConfigureAwait(false))
        {
            var existing = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false);
            return SubmitRunResult.Accepted(await ViewAsync(existing?.Manifest ?? manifest, cancellationToken).ConfigureAwait(false), replayed: true);
        }

        // A second expansion message (a replayed submit, a recovery) is harmless: the jobs' ids are derived, not drawn.
        // A batch-mode run starts with its first batch; its jobs are created when its batches are done.
        await queue.EnqueueAsync(manifest.IsBatch ? new JobMessage.PollBatch(runId, 1) : new JobMessage.ExpandRun(runId, 0), cancellationToken).ConfigureAwait(false);
        RunLog.RunSubmitted(logger, runId, manifest.Samples);
        return SubmitRunResult.Accepted(RunView.Of(manifest, new RunTally()), replayed: false);
    }

    /// <summary>The run; null when there is none, or its deletion was asked for.</summary>
    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken) =>
        await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is { Manifest.DeletedAt: null } stored
            ? await ViewAsync(stored.Manifest, cancellationToken).ConfigureAwait(false)
            : null;

    public async Task<RunPage> ListAsync(int limit, string? afterRunId, CancellationToken cancellationToken)
    {
        var manifests = await runs.ListAsync(afterRunId, limit + 1, cancellationToken).ConfigureAwait(false);
        // A run being deleted is left out; its place still counts toward the page, so a page may hold fewer than asked.
        var page = manifests.Take(limit).ToList();
        var cursor = manifests.Count > limit ? JobCursor.Encode(page[^1].RunId) : null;
        page.RemoveAll(m => m.DeletedAt is not null);
        var views = await Task.WhenAll(page.Select(m => ViewAsync(m, cancellationToken))).ConfigureAwait(false);
        return new RunPage(views, cursor);
    }

    /// <summary>
    /// Deletes the run and its jobs: a run still going is cancelled first; the manifest is marked, so the run is not
    /// found from now on, and the runs lane deletes its jobs (labels, usage logs, index entries) a page at a time, then
    /// its samples and manifest. False when there is no such run; a second call while the deletion goes on is true.
    /// </summary>
    public async Task<bool> DeleteAsync(string runId, CancellationToken cancellationToken)
    {
        if (await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } stored) return false;
        if (stored.Manifest.DeletedAt is null)
        {
            await CancelAsync(runId, cancellationToken).ConfigureAwait(false);
            if (await UpdateAsync(runId, m => m.DeletedAt is null ? m with { DeletedAt = time.GetUtcNow() } : null, cancellationToken).ConfigureAwait(false) is null) return false;
            RunLog.RunDeleting(logger, runId);
        }

        await queue.EnqueueAsync(new JobMessage.DeleteRun(runId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Asks the run to stop: samples not started end cancelled. A run that has already ended is left as it is (the
    /// cancel is a no-op, and the run is returned). Null when there is no such run.
    /// </summary>
    public async Task<RunRecord?> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        if (await GetAsync(runId, cancellationToken).ConfigureAwait(false) is not { } current) return null;
        if (current.IsFinished) return current;
        var manifest = await UpdateAsync(runId, m => m.CancelledAt is null ? m with { CancelledAt = time.GetUtcNow() } : null, cancellationToken).ConfigureAwait(false);
        if (manifest is null) return null;
        RunLog.RunCancelled(logger, runId);
        // With nothing running, the run ends with the cancel itself.
        await callbacks.RunMayHaveEndedAsync(runId, cancellationToken).ConfigureAwait(false);
        return await ViewAsync(manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Scores again what did not score: jobs that failed or were cancelled, and the failed metrics of completed jobs
    /// (their other scores stay). It lifts a cancel and creates the jobs of samples a cancel or a crash left without
    /// one, so it also resumes an interrupted run. The sweep runs on the runs lane. Null when there is no such run.
    /// </summary>
    public async Task<RunRecord?> RetryAsync(string runId, CancellationToken cancellationToken)
    {
        if (await GetAsync(runId, cancellationToken).ConfigureAwait(false) is null) return null;
        // A batch-mode run still in its batch phase (cancelled during it, say) is retried live.
        var manifest = await UpdateAsync(runId, m => m with
        {
            CancelledAt = null,
            Retries = m.Retries + 1,
            Error = null,
            Batch = m.Batch is { IsOver: false } batch ? batch with { State = RunBatch.Fallback, Reason = "The run was retried during its batch phase: what is left is scored live." } : m.Batch,
        }, cancellationToken).ConfigureAwait(false);
        if (manifest is null) return null;
        await queue.EnqueueAsync(new JobMessage.ExpandRun(runId, 0), cancellationToken).ConfigureAwait(false);
        await queue.EnqueueAsync(new JobMessage.RetryRun(runId, ""), cancellationToken).ConfigureAwait(false);
        RunLog.RunRetried(logger, runId, manifest.Retries);
        return await ViewAsync(manifest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <paramref name="headRunId"/> against <paramref name="baseRunId"/>. Reads both runs' list items from the index
    /// (a page of 500 at a time), never their records. Null, with the missing id, when a run does not exist.
    /// </summary>
    public async Task<(RunComparison? Comparison, string? Missing)> CompareAsync(
        string baseRunId, string headRunId, double margin, double minDelta, CancellationToken cancellationToken)
    {
        var baseRun = await GetAsync(baseRunId, cancellationToken).ConfigureAwait(false);
        if (baseRun is null) return (null, baseRunId);
        var headRun = await GetAsync(headRunId, cancellationToken).ConfigureAwait(false);
        if (headRun is null) return (null, headRunId);

        var baseItems = await ItemsAsync(baseRunId, cancellationToken).ConfigureAwait(false);
        var headItems = await ItemsAsync(headRunId, cancellationToken).ConfigureAwait(false);
        return (RunComparer.Compare(baseRun, headRun, baseItems, headItems, margin, minDelta), null);
    }

    private async Task<List<JobListItem>> ItemsAsync(string runId, CancellationToken cancellationToken)
    {
        var items = new List<JobListItem>();
        string? after = null;
        do
        {
            var page = await index.ListAsync(new JobFilter { RunId = runId }, 500, after, cancellationToken).ConfigureAwait(false);
            items.AddRange(page.Jobs);
            after = page.NextCursor is null ? null : page.Jobs[^1].JobId;
        }
        while (after is not null);

        return items;
    }

    private async Task<RunRecord> ViewAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        var view = RunView.Of(manifest, await index.RunTallyAsync(manifest.RunId, cancellationToken).ConfigureAwait(false));
        return manifest.LabelledSamples == 0 ? view : view with { Agreement = await AgreementAsync(manifest, cancellationToken).ConfigureAwait(false) };
    }

    // Per metric of the run (and its weighted score, and people's good/bad against it) that labelled samples give, read
    // from the index; each at the run's threshold for it, else the agreement route's default.
    private async Task<IReadOnlyDictionary<string, MetricAgreement>?> AgreementAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        var filter = new JobFilter { RunId = manifest.RunId };
        var agreement = new Dictionary<string, MetricAgreement>(StringComparer.Ordinal);
        foreach (var metric in manifest.Metrics.Append(RunTally.WeightedScore).Append(LabelledScore.Rating))
        {
            var pairs = await index.LabelledScoresAsync(filter, metric, cancellationToken).ConfigureAwait(false);
            using (pairs as IDisposable)
            {
                if (pairs.Count == 0) continue;
                var threshold = manifest.Thresholds.TryGetValue(metric == LabelledScore.Rating ? RunTally.WeightedScore : metric, out var t) ? t : AgreementService.DefaultThreshold;
                agreement[metric] = AgreementService.Summarise(pairs, threshold);
            }
        }

        return agreement.Count == 0 ? null : agreement;
    }

    // Read, change, write if unchanged meanwhile; a null change means there is nothing to write.
    private Task<RunManifest?> UpdateAsync(string runId, Func<RunManifest, RunManifest?> change, CancellationToken cancellationToken) =>
        _updates.RunAsync(async (_, ct) =>
        {
            if (await runs.GetAsync(runId, ct).ConfigureAwait(false) is not { } stored) return UpdateAttempt<RunManifest?>.Done(null);
            if (change(stored.Manifest) is not { } changed) return UpdateAttempt<RunManifest?>.Done(stored.Manifest);
            return await runs.TryReplaceAsync(changed, stored.ETag, ct).ConfigureAwait(false) is null
                ? UpdateAttempt<RunManifest?>.Conflict
                : UpdateAttempt<RunManifest?>.Done(changed);
        }, whenExhausted: () => throw new InvalidOperationException($"Run {runId} kept changing while it was being updated."), cancellationToken);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
