using System.Globalization;
using System.Text;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Index;
using ScoreJobs.Judge;
using ScoreJobs.Records;
using ScoreJobs.Runs;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// kill -9 during a dataset run: a run of judged samples is submitted and the server is SIGKILLed several times while
/// it is being expanded and scored, then started again. The run must end with every sample ended exactly once (one
/// job per sample id, counts adding up to the samples), and its aggregates, read from the index's tally, must equal
/// a recount from the run's job records. The run asks for no cache, so every judge call is paid: its usage's
/// <c>judge_calls</c> (the finishing attempts' calls plus the <c>redone_calls</c> of killed ones) must equal the calls
/// the fake judge received, per job and in all, but for calls cut off by a kill (logged before they went out, their
/// reply never read) that the judge never counted: never fewer, and more only by those.
/// </summary>
internal static class RunKillScenario
{
    private static readonly string[] Metrics = ["overall_quality", "token_f1"];

    public static async Task<FaultTally> RunAsync(FaultContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var tally = new FaultTally($"kill -9 during a run ({storage.Mode})");
        // The ledger counts what the judge received per sample (each question carries its case tag), so a mismatch names its jobs.
        await using var judge = await BenchJudge.StartAsync(profile.KillJudgeLatency, ledger: true);
        var settings = storage.NewGroup(context.Scratch, "runkill") with
        {
            JudgeEndpoint = judge.Endpoint,
            WorkerConcurrency = profile.KillConcurrency,
            // A killed worker's messages come back when their visibility runs out (Storage mode): short here, so the run resumes within the drain limit.
            VisibilityTimeoutSeconds = storage.Mode == StorageTarget.Azurite ? profile.OutageVisibilityTimeoutSeconds ?? 15 : null,
            Extra = new Dictionary<string, string> { ["ScoreJobs__RunConcurrency"] = profile.KillConcurrency.ToString(CultureInfo.InvariantCulture) },
        };
        await using var server = await context.StartServerAsync($"runkill-{storage.Mode}", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, context.ApiToken, TimeSpan.FromSeconds(10));

        var samples = profile.RunSamples;
        var body = new StringBuilder();
        for (var i = 1; i <= samples; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $$"""{"id":"s{{i}}","question":"Question {{i}}? Case {{TagOf(i)}}","answer":"Answer {{i % 7}} about the topic","ground_truth":"Answer {{i % 5}} about the topic"}""").Append('\n');
        }

        var submitted = await client.SubmitRunAsync(Encoding.UTF8.GetBytes(body.ToString()), "name=faults&cache=false&metrics=" + string.Join(',', Metrics) + "&threshold=token_f1:0.5", cancellationToken);
        if (submitted.Value is not { } accepted)
        {
            tally.Problem($"the run was not accepted: {submitted.Status} {submitted.Error}");
            return tally;
        }

        tally.Accepted = samples;
        FaultContext.Say($"run kill: {samples} samples, judge latency {profile.KillJudgeLatency.TotalMilliseconds} ms, {profile.Kills} kills");
        var kills = new List<DateTimeOffset>();
        for (var kill = 1; kill <= profile.Kills; kill++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5 + Random.Shared.NextDouble() * 2), cancellationToken);
            var before = (await client.GetRunAsync(accepted.RunId, cancellationToken)).Value;
            server.Kill();
            kills.Add(DateTimeOffset.UtcNow);
            FaultContext.Say($"run kill: SIGKILL {kill}/{profile.Kills} at {before?.Counts.Done}/{samples} done ({before?.Counts.Running} running); restarting");
            await server.StartAgainAsync(cancellationToken);
            tally.Facts.Add($"run kill {kill}: {before?.Counts.Done}/{samples} done; back up in {server.LastStartup.TotalMilliseconds:0} ms");
        }

        // Azurite on two shared cores scores a few samples a second: the limit grows with the run.
        var limit = profile.DrainLimit + TimeSpan.FromSeconds(samples * 0.15);
        var deadline = DateTime.UtcNow + limit;
        RunRecord? run;
        do
        {
            await Task.Delay(250, cancellationToken);
            run = (await client.GetRunAsync(accepted.RunId, cancellationToken)).Value;
        }
        while (run is not { IsFinished: true } && DateTime.UtcNow < deadline);

        if (run is not { IsFinished: true })
        {
            tally.Unfinished = (int)(run?.Counts.Queued + run?.Counts.Running ?? samples);
            tally.Problem($"the run had not ended after {limit.TotalSeconds:0} s: {run?.Status} {run?.Counts}");
            return tally;
        }

        var jobs = await AuditAsync(client, run, samples, tally, cancellationToken);
        AuditUsagePerJob(jobs, judge, kills, tally);
        var received = judge.ChatRequests + judge.EmbeddingRequests;
        var cutOff = run.Usage.CutOffCalls;
        tally.Facts.Add($"usage: the judge received {received} calls; the run's judge_calls {run.Usage.JudgeCalls} ({run.Usage.RedoneCalls} of them redone after kills, {cutOff} cut off by a kill before their reply was read)");
        // Never fewer than received. More only by the calls the run says were cut off (cut_off_calls): logged before they
        // went out, their reply never read, and (the kill beating the request or the judge's read of it) perhaps never
        // counted by the judge. So received lies in [judge_calls - cut_off_calls, judge_calls].
        if (run.Usage.JudgeCalls < received || run.Usage.JudgeCalls > received + cutOff)
        {
            tally.IndexMismatches++;
            tally.Problem($"the run's usage counts {run.Usage.JudgeCalls} judge calls ({run.Usage.RedoneCalls} redone, {cutOff} cut off); the judge received {received}");
        }

        if (!server.IsRunning)
        {
            tally.Crashes++;
            tally.Problem($"the server exited by itself: {server.Tail(10)}");
        }

        return tally;
    }

    /// <summary>Each job's <c>judge_calls</c> against the calls the judge received for its sample, so a miscount names its jobs.</summary>
    private static void AuditUsagePerJob(List<JobListItem> jobs, BenchJudge judge, List<DateTimeOffset> kills, FaultTally tally)
    {
        var off = 0;
        foreach (var job in jobs)
        {
            var tag = Workload.CaseIn(job.RequestSummary.Question);
            var received = tag is null ? [] : judge.CallsFor(tag);
            var counted = job.Usage?.JudgeCalls ?? 0;
            if (counted == received.Count) continue;
            off++;
            if (counted > received.Count && counted - received.Count <= job.Usage!.CutOffCalls) continue;
            var near = received.Select(at => kills.Select(k => (at - k).TotalMilliseconds).OrderBy(Math.Abs).FirstOrDefault());
            tally.Problem(string.Create(CultureInfo.InvariantCulture,
                $"job {job.JobId} ({job.SampleId}, {job.Attempts} attempts, {job.Status}): judge_calls {counted} ({job.Usage?.RedoneCalls} redone), the judge received {received.Count}; arrivals {string.Join(", ", received.Select(a => a.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}, ms from the nearest kill {string.Join(", ", near.Select(d => d.ToString("0", CultureInfo.InvariantCulture)))}; started {job.StartedAt:HH:mm:ss.fff}, finished {job.FinishedAt:HH:mm:ss.fff}"));
        }

        if (judge.Untagged > 0) tally.Problem($"{judge.Untagged} judge calls named no sample");
        tally.Facts.Add($"usage per job: {off} of {jobs.Count} jobs count other than the calls the judge received for their sample (any more than a call cut off by a kill is named as a problem)");
    }

    /// <summary>A case tag (12 characters of [a-z]) naming sample <paramref name="i"/> in its question, so the judge's ledger counts per sample.</summary>
    private static string TagOf(int i) => "rk" + string.Concat(i.ToString("D10", CultureInfo.InvariantCulture).Select(d => (char)('a' + (d - '0'))));

    private static async Task<List<JobListItem>> AuditAsync(ApiClient client, RunRecord run, int samples, FaultTally tally, CancellationToken cancellationToken)
    {
        var jobs = await client.ListAllAsync(cancellationToken, "run_id=" + run.RunId);
        tally.Completed = jobs.Count(j => j.Status == ScoreJobs.Records.JobStatus.Completed);
        tally.Failed = jobs.Count(j => j.Status == ScoreJobs.Records.JobStatus.Failed);
        var bySample = jobs.GroupBy(j => j.SampleId).ToList();
        tally.Duplicated = bySample.Count(g => g.Count() > 1);
        tally.Lost = samples - bySample.Count;
        tally.Unfinished = jobs.Count(j => !j.IsFinished);
        if (run.Counts.Done != samples) tally.Problem($"the run's counts add up to {run.Counts.Done} ended samples, not {samples}: {run.Counts}");
        if (run.Counts.Completed != tally.Completed || run.Counts.Failed != tally.Failed)
        {
            tally.IndexMismatches++;
            tally.Problem($"the run counts {run.Counts.Completed} completed and {run.Counts.Failed} failed; its jobs say {tally.Completed} and {tally.Failed}");
        }

        foreach (var metric in Metrics.Append(RunTally.WeightedScore))
        {
            var scores = jobs.Select(j => metric == RunTally.WeightedScore ? j.WeightedScore : j.Scores.GetValueOrDefault(metric)).OfType<double>();
            var recount = RunStatistics.FromScores(scores, run.Thresholds.TryGetValue(metric, out var t) ? t : null);
            var stored = run.Aggregates[metric];
            if (stored.N != recount.N || !Close(stored.Mean, recount.Mean) || !Close(stored.Median, recount.Median) || !Close(stored.P10, recount.P10)
                || !Close(stored.Min, recount.Min) || !Close(stored.Max, recount.Max) || !Close(stored.Stdev, recount.Stdev) || !Close(stored.PassRate, recount.PassRate))
            {
                tally.IndexMismatches++;
                tally.Problem($"{metric}: the run says {stored}, a recount of its jobs says {recount}");
            }
        }

        tally.Facts.Add($"run {run.RunId}: {run.Status}, {run.Counts.Completed} completed, {run.Counts.Failed} failed; aggregates equal a recount of {jobs.Count} job records");
        var summed = jobs.Sum(j => j.Usage?.JudgeCalls ?? 0);
        if (summed != run.Usage.JudgeCalls) tally.Problem($"the run's judge_calls {run.Usage.JudgeCalls} are not the sum of its jobs' {summed}");
        return jobs;
    }

    private static bool Close(double? a, double? b) => a is null ? b is null : b is not null && Math.Abs(a.Value - b.Value) < 1e-6;
}
