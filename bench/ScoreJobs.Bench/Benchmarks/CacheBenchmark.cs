using ScoreJobs.Records;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Jobs;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// The judge response cache: one dataset of distinct samples (the full metric set, three contexts each) submitted
/// three times to one server: cold, again unchanged, and again with <c>"cache": false</c>. Judge calls per job are
/// counted at the fake judge (every request it received) and read from the records' usage.
/// </summary>
internal static class CacheBenchmark
{
    private const int SubmitClients = 16;

    public static async Task<IReadOnlyList<string>> RunAsync(
        BenchContext context, StorageTarget storage, int samples, int judgeLatencyMs, int concurrency, CancellationToken cancellationToken)
    {
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false);
        var settings = storage.NewGroup(context.Scratch, "cache") with { JudgeEndpoint = judge.Endpoint, WorkerConcurrency = concurrency };
        await using var server = await context.StartServerAsync("cache", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, null);
        var cases = Enumerable.Range(0, samples).Select(_ => Workload.NewCase()).ToList();

        var lines = new List<string>();
        foreach (var (name, cache) in new[] { ("first run (cache empty)", true), ("same dataset again", true), ("again with \"cache\": false", false) })
        {
            var (chatBefore, embeddingsBefore) = (judge.ChatRequests, judge.EmbeddingRequests);
            BenchContext.Say($"cache: {name}: submitting {samples} jobs");
            var ids = await SubmitAllAsync(client, cases, cache, cancellationToken);
            var records = await JobWaiter.WaitFinishedAsync(client, ids, TimeSpan.FromSeconds(Math.Max(180, samples)), null, cancellationToken);
            var completed = records.Values.Where(r => r.Status == JobStatus.Completed).ToList();
            var chat = (judge.ChatRequests - chatBefore) / (double)ids.Count;
            var embeddings = (judge.EmbeddingRequests - embeddingsBefore) / (double)ids.Count;
            var hits = completed.Count == 0 ? 0 : completed.Average(r => r.Usage?.CacheHits ?? 0);
            var paid = completed.Count == 0 ? 0 : completed.Average(r => r.Usage?.JudgeCalls ?? 0);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"cache, {samples} samples, {name}: {chat:0.##} chat + {embeddings:0.##} embedding calls per job at the judge; records: {paid:0.##} paid judge calls and {hits:0.##} cache hits per job ({completed.Count}/{ids.Count} completed)");
            BenchContext.Say(line);
            lines.Add(line);
        }

        return lines;
    }

    private static async Task<List<string>> SubmitAllAsync(ApiClient client, List<string> cases, bool cache, CancellationToken cancellationToken)
    {
        var ids = new ConcurrentBag<string>();
        await ClosedLoop.RunAsync(SubmitClients, cases.Count, TimeSpan.FromMinutes(10), async (index, ct) =>
        {
            var body = JsonNode.Parse(Workload.Request(cases[index]))!;
            if (!cache) body["cache"] = false;
            var reply = await client.SubmitAsync(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), null, ct);
            if (reply.Value is { } accepted) ids.Add(accepted.JobId);
            return (reply.Status, reply.Milliseconds);
        }, cancellationToken);
        return [.. ids];
    }
}
