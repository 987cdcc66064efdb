using ScoreJobs.Records;
using System.Diagnostics;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// After a fault scenario: waits for every stored job to finish, then counts what was accepted, completed, failed,
/// lost, left unfinished and duplicated, and (when asked) whether every null score says why.
/// </summary>
internal static class JobAudit
{
    /// <summary>
    /// Judge requests that arrive this long after the record's finished_at come from a run that started after the job
    /// had finished: a finished job judged again. Within it they are the tail of a second run that started before the
    /// job finished (a redelivered message taken over a live run), which at-least-once delivery allows; those are counted.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public static async Task AuditAsync(
        ApiClient client, Submitter submitter, BenchJudge? judge, FaultTally tally, TimeSpan limit, bool checkNulls, CancellationToken cancellationToken)
    {
        var records = await WaitAllFinishedAsync(client, limit, cancellationToken);
        tally.Accepted = submitter.Accepted.Count;
        if (!submitter.Abandoned.IsEmpty)
        {
            tally.Unexpected += submitter.Abandoned.Count;
            tally.Problem($"{submitter.Abandoned.Count} submits were never answered with 202 within 90 s of retrying");
        }

        var byId = records.ToDictionary(r => r.JobId, StringComparer.Ordinal);
        foreach (var (caseTag, jobId) in submitter.Accepted)
        {
            if (!byId.TryGetValue(jobId, out var record))
            {
                var reply = await client.GetAsync(jobId, cancellationToken);
                if (reply.Value is null)
                {
                    tally.Lost++;
                    tally.Problem($"job {jobId} (case {caseTag}) was accepted but is gone: GET answers {reply.Status}");
                    continue;
                }

                record = reply.Value;
                tally.IndexMismatches++;
                tally.Problem($"job {jobId} (case {caseTag}) has a record ({record.Status}) but the list (the job index) leaves it out");
            }

            if (record.Status == JobStatus.Completed) tally.Completed++;
            else if (record.Status == JobStatus.Failed) tally.Failed++;
        }

        foreach (var reason in records.Where(r => r.Status == JobStatus.Failed).GroupBy(r => Clip(r.Error ?? "(no error)")))
        {
            tally.Facts.Add($"{reason.Count()} jobs failed: {reason.Key}");
        }

        foreach (var record in records.Where(r => !r.IsFinished))
        {
            tally.Unfinished++;
            tally.Problem($"job {record.JobId} is still {record.Status} (attempts {record.Attempts}) after {limit.TotalSeconds:0} s");
        }

        // One submission (one case tag, one Idempotency-Key) must be one job.
        foreach (var group in records.GroupBy(CaseOf).Where(g => g.Key is not null && g.Count() > 1))
        {
            tally.Duplicated += group.Count() - 1;
            tally.Problem($"case {group.Key} has {group.Count()} jobs: {string.Join(", ", group.Select(r => r.JobId))}");
        }

        if (judge is not null)
        {
            var rerunJobs = 0;
            var overlapping = 0;
            var judgedAfter = 0;
            foreach (var record in records.Where(r => r.IsFinished && r.FinishedAt is not null))
            {
                if (CaseOf(record) is not { } caseTag) continue;
                var finished = record.FinishedAt!.Value;
                var calls = judge.CallsFor(caseTag);
                // finished_at has millisecond precision: a call in the same millisecond is not late.
                var late = calls.Count(c => c > finished + Grace);
                if (late > 0)
                {
                    tally.Duplicated++;
                    judgedAfter++;
                    tally.Problem($"job {record.JobId} got {late} judge calls more than {Grace.TotalSeconds:0} s after it finished at {finished:O}");
                }
                else if (calls.Any(c => c > finished + TimeSpan.FromMilliseconds(1)))
                {
                    overlapping++;
                }

                if (record.Attempts > 1) rerunJobs++;
            }

            tally.Facts.Add($"{rerunJobs} jobs ran more than once (attempts > 1: taken over after a kill, or a redelivery); " +
                $"{overlapping} had a second run overlapping the first, whose last calls came within {Grace.TotalSeconds:0} s of finishing; " +
                $"{judgedAfter} judged again after finishing; {judge.Untagged} judge requests named no job");
        }

        await CheckIndexAgreesAsync(client, records, tally, cancellationToken);
        if (checkNulls) await CheckNullsAsync(client, submitter, tally, cancellationToken);
    }

    /// <summary>
    /// After the kills: every list item (read from the job index) says what its record says, and the stats (also the
    /// index) count what the list holds. A crash between a record write and its index entry must have been repaired.
    /// </summary>
    private static async Task CheckIndexAgreesAsync(ApiClient client, List<JobListItem> listed, FaultTally tally, CancellationToken cancellationToken)
    {
        foreach (var item in listed)
        {
            var record = (await client.GetAsync(item.JobId, cancellationToken)).Value;
            if (record is null)
            {
                tally.IndexMismatches++;
                tally.Problem($"job {item.JobId} is listed but has no record");
                continue;
            }

            if (record.Status != item.Status || record.WeightedScore != item.WeightedScore || record.FinishedAt != item.FinishedAt || record.Attempts != item.Attempts)
            {
                tally.IndexMismatches++;
                tally.Problem($"job {item.JobId}: listed {item.Status} score {item.WeightedScore} attempts {item.Attempts}, record {record.Status} score {record.WeightedScore} attempts {record.Attempts}");
            }
        }

        var stats = (await client.StatsAsync(cancellationToken)).Value;
        if (stats is null || stats.Total != listed.Count || stats.ByStatus.GetValueOrDefault("completed") != listed.Count(r => r.Status == JobStatus.Completed))
        {
            tally.IndexMismatches++;
            tally.Problem($"stats count {stats?.Total} jobs ({stats?.ByStatus.GetValueOrDefault("completed")} completed), the list {listed.Count} ({listed.Count(r => r.Status == JobStatus.Completed)} completed)");
        }

        tally.Facts.Add($"index agrees with the records: {listed.Count} list items checked against GET, {tally.IndexMismatches} mismatches");
    }

    /// <summary>Every record in the store, once none is queued or running or the time is up.</summary>
    public static async Task<List<JobListItem>> WaitAllFinishedAsync(ApiClient client, TimeSpan limit, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastSay = TimeSpan.Zero;
        List<JobListItem> records = [];
        while (true)
        {
            try
            {
                records = await client.ListAllAsync(cancellationToken);
                var pending = records.Count(r => !r.IsFinished);
                if (pending == 0) return records;
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (elapsed > limit) return records;
                if (elapsed - lastSay > TimeSpan.FromSeconds(10))
                {
                    Console.WriteLine($"  waiting: {pending} of {records.Count} jobs not finished yet");
                    lastSay = elapsed;
                }
            }
            catch (InvalidOperationException) when (Stopwatch.GetElapsedTime(started) < limit)
            {
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task CheckNullsAsync(ApiClient client, Submitter submitter, FaultTally tally, CancellationToken cancellationToken)
    {
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var nulls = 0;
        foreach (var jobId in submitter.Accepted.Values)
        {
            var record = (await client.GetAsync(jobId, cancellationToken)).Value;
            if (record is null) continue;
            foreach (var (metric, score) in record.Scores)
            {
                if (score is not null) continue;
                nulls++;
                var detail = record.Details?.GetValueOrDefault(metric);
                var explained = detail is not null && detail.Status != MetricStatus.Ok && !string.IsNullOrWhiteSpace(detail.Error ?? detail.Reason);
                if (explained)
                {
                    var kind = detail!.Status == MetricStatus.Skipped ? "skipped" : detail.ErrorKind is { } errorKind ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(errorKind.ToString()) : "failed";
                    byKind[kind] = byKind.GetValueOrDefault(kind) + 1;
                }
                else
                {
                    tally.UnexplainedNulls++;
                    tally.Problem($"job {jobId}: {metric} is null with no reason ({(detail is null ? "no details" : $"status {detail.Status}")}); job error: {record.Error ?? "none"}");
                }
            }
        }

        tally.Facts.Add($"{nulls} null scores, by reason: {(byKind.Count == 0 ? "none" : string.Join(", ", byKind.Select(k => $"{k.Key} {k.Value}")))}");
    }

    private static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "...";

    private static string? CaseOf(JobListItem record) =>
        record.RequestSummary.Metadata?.GetValueOrDefault("case");
}
