using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// A misbehaving judge: a share of its answers are 429s, 500s, garbage or no answer at all. Every job must still
/// end, and every null score must say why in the job's details.
/// </summary>
internal static class JudgeFaultScenario
{
    private static readonly JudgeFaultPlan Plan = new(RateLimited: 0.10, ServerError: 0.10, Garbage: 0.10, Hang: 0.05);

    public static async Task<FaultTally> RunAsync(FaultContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var tally = new FaultTally("judge faults");
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(20), ledger: false);
        judge.Faults = Plan;
        var settings = storage.NewGroup(context.Scratch, "judge-faults") with
        {
            JudgeEndpoint = judge.Endpoint,
            WorkerConcurrency = 16,
            JudgeCallTimeoutSeconds = profile.JudgeCallTimeoutSeconds,
            JudgeMaxRetries = 2,
            JobTimeoutSeconds = (int)Math.Ceiling(profile.JudgeCallTimeoutSeconds * 8),
        };
        await using var server = await context.StartServerAsync("judge-faults", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, context.ApiToken, TimeSpan.FromSeconds(10));
        var submitter = new Submitter(client, tally, () => false);

        FaultContext.Say($"judge faults: {profile.FaultJobs} jobs; the judge answers {Plan.RateLimited:P0} 429, {Plan.ServerError:P0} 500, {Plan.Garbage:P0} garbage, {Plan.Hang:P0} never (call timeout {profile.JudgeCallTimeoutSeconds} s)");
        await submitter.RunCountAsync(8, profile.FaultJobs, cancellationToken);
        await JobAudit.AuditAsync(client, submitter, null, tally, profile.DrainLimit, checkNulls: true, cancellationToken);
        tally.Facts.Add($"judge requests {judge.Requests}, faults injected: {string.Join(", ", judge.FaultsInjected.Select(f => $"{f.Key} {f.Value}"))}");
        if (!server.IsRunning)
        {
            tally.Crashes++;
            tally.Problem($"the server exited by itself: {server.Tail(10)}");
        }

        return tally;
    }
}
