using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// Azure Storage goes away under load: Azurite is stopped mid-run and started again (with its data, as an outage
/// would leave it). Submits during the outage must be refused with 503 (not accepted, the client retries), and
/// nothing accepted may be lost or run twice.
/// </summary>
internal static class StorageOutageScenario
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    public static async Task<FaultTally> RunAsync(FaultContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var azurite = storage.AzuriteProcess ?? throw new InvalidOperationException("the storage outage needs Azurite");
        var tally = new FaultTally("storage outage (azurite)");
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(50), ledger: true);
        var settings = storage.NewGroup(context.Scratch, "outage") with
        {
            JudgeEndpoint = judge.Endpoint,
            WorkerConcurrency = 8,
            VisibilityTimeoutSeconds = profile.OutageVisibilityTimeoutSeconds,
        };
        await using var server = await context.StartServerAsync("outage", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, context.ApiToken, TimeSpan.FromSeconds(10));

        var down = 0L;
        var upAgainAt = DateTimeOffset.MinValue;
        bool StorageDown() => Interlocked.Read(ref down) == 1 || DateTimeOffset.UtcNow < upAgainAt + Grace;
        var submitter = new Submitter(client, tally, StorageDown);

        FaultContext.Say($"storage outage: {profile.OutageRate}/s submits for {profile.OutageDuration.TotalSeconds:0} s with {profile.Outages} outage(s) of {profile.OutageLength.TotalSeconds:0} s");
        var load = submitter.RunAsync(8, profile.OutageRate, profile.OutageDuration, cancellationToken);
        var interval = (profile.OutageDuration - profile.OutageLength * profile.Outages) / (profile.Outages + 1);
        for (var outage = 1; outage <= profile.Outages; outage++)
        {
            await Task.Delay(interval, cancellationToken);
            Interlocked.Exchange(ref down, 1);
            FaultContext.Say($"storage outage: stopping Azurite ({outage}/{profile.Outages}) with {submitter.Accepted.Count} accepted so far");
            await azurite.StopAsync();
            await Task.Delay(profile.OutageLength, cancellationToken);
            await azurite.StartAgainAsync(cancellationToken);
            upAgainAt = DateTimeOffset.UtcNow;
            Interlocked.Exchange(ref down, 0);
            FaultContext.Say("storage outage: Azurite is back");
        }

        await load;
        FaultContext.Say($"storage outage: load done ({submitter.Accepted.Count} accepted, {submitter.Retries} retries); waiting for every job to finish");
        await JobAudit.AuditAsync(client, submitter, judge, tally, profile.DrainLimit, checkNulls: false, cancellationToken);
        if (!server.IsRunning)
        {
            tally.Crashes++;
            tally.Problem($"the server exited by itself: {server.Tail(10)}");
        }

        return tally;
    }
}
