using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// kill -9 under load: clients submit at a steady rate while jobs are being judged (the fake judge answers after a
/// delay, so jobs are in flight), and the server is SIGKILLed several times and started again on the same port.
/// Then every accepted job must reach completed or failed, exactly once, and no job may be judged after its
/// record was finished.
/// </summary>
internal static class KillScenario
{
    public static async Task<FaultTally> RunAsync(FaultContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var tally = new FaultTally($"kill -9 ({storage.Mode})");
        await using var judge = await BenchJudge.StartAsync(profile.KillJudgeLatency, ledger: true);
        var settings = storage.NewGroup(context.Scratch, "kill") with { JudgeEndpoint = judge.Endpoint, WorkerConcurrency = profile.KillConcurrency };
        await using var server = await context.StartServerAsync($"kill-{storage.Mode}", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, context.ApiToken, TimeSpan.FromSeconds(10));
        var submitter = new Submitter(client, tally, () => false);

        FaultContext.Say($"kill: {profile.KillRate}/s submits for {profile.KillDuration.TotalSeconds:0} s, judge latency {profile.KillJudgeLatency.TotalMilliseconds} ms, worker concurrency {profile.KillConcurrency}, {profile.Kills} kills");
        var load = submitter.RunAsync(8, profile.KillRate, profile.KillDuration, cancellationToken);
        var interval = profile.KillDuration / (profile.Kills + 1);
        for (var kill = 1; kill <= profile.Kills; kill++)
        {
            await Task.Delay(interval * (0.7 + Random.Shared.NextDouble() * 0.6), cancellationToken);
            if (!server.IsRunning)
            {
                tally.Crashes++;
                tally.Problem($"the server had exited by itself before kill {kill}: {server.Tail(10)}");
            }

            var stats = (await client.StatsAsync(cancellationToken)).Value;
            var running = stats?.ByStatus.GetValueOrDefault("running") ?? -1;
            var queued = stats?.ByStatus.GetValueOrDefault("queued") ?? -1;
            server.Kill();
            FaultContext.Say($"kill: SIGKILL {kill}/{profile.Kills} with {running} jobs running and {queued} queued; restarting");
            await server.StartAgainAsync(cancellationToken);
            tally.Facts.Add($"kill {kill}: {running} running, {queued} queued; back up in {server.LastStartup.TotalMilliseconds:0} ms");
        }

        await load;
        FaultContext.Say($"kill: load done ({submitter.Accepted.Count} accepted, {submitter.TransportFailures} submits cut off and retried); waiting for every job to finish");
        await JobAudit.AuditAsync(client, submitter, judge, tally, profile.DrainLimit, checkNulls: false, cancellationToken);
        if (!server.IsRunning)
        {
            tally.Crashes++;
            tally.Problem($"the server exited by itself: {server.Tail(10)}");
        }

        return tally;
    }
}
