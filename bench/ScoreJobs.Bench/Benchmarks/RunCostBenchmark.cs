using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// What a dataset run costs in live mode and in batch mode: the same samples (the full metric set, three contexts
/// each) submitted as one run to each of two servers with empty caches and the same price table (batch at half price),
/// the run's usage read from its record, the calls counted at the fake judge (live chat and embedding requests, batch lines).
/// A third live run asks <c>"repeats": 3</c>, and its calls and tokens are set against the plain live run's.
/// </summary>
internal static class RunCostBenchmark
{
    private static readonly Dictionary<string, string> Prices = new(StringComparer.Ordinal)
    {
        ["ScoreJobs__Judge__Prices__0__Model"] = "bench-judge",
        ["ScoreJobs__Judge__Prices__0__InputPerMillion"] = "2.5",
        ["ScoreJobs__Judge__Prices__0__OutputPerMillion"] = "10",
        ["ScoreJobs__Judge__Prices__0__BatchDiscount"] = "0.5",
        ["ScoreJobs__Judge__Prices__1__Model"] = "bench-embedding",
        ["ScoreJobs__Judge__Prices__1__InputPerMillion"] = "0.02",
        ["ScoreJobs__Judge__BatchPollSeconds"] = "0.2",
        ["ScoreJobs__Judge__BatchMaxPollSeconds"] = "2",
    };

    public static async Task<IReadOnlyList<string>> RunAsync(
        BenchContext context, StorageTarget storage, int samples, int judgeLatencyMs, int concurrency, CancellationToken cancellationToken)
    {
        var cases = Enumerable.Range(0, samples).Select(_ => Workload.NewCase()).ToList();
        var lines = new List<string>();
        var spent = new Dictionary<int, (int Calls, long Tokens, int Received)>();
        foreach (var (mode, repeats) in new[] { ("live", 1), ("batch", 1), ("live", 3) })
        {
            await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false);
            var group = repeats == 1 ? "run-" + mode : $"run-{mode}-repeats{repeats}";
            var settings = storage.NewGroup(context.Scratch, group) with { JudgeEndpoint = judge.Endpoint, WorkerConcurrency = concurrency, Extra = Prices };
            await using var server = await context.StartServerAsync(group, settings, cancellationToken);
            using var client = new ApiClient(server.BaseAddress, null);

            var named = repeats == 1 ? mode : $"{mode}, repeats {repeats}";
            BenchContext.Say($"run cost: a {named} run of {samples} samples");
            var started = DateTime.UtcNow;
            var body = new JsonObject
            {
                ["name"] = "bench " + mode,
                ["mode"] = mode,
                ["repeats"] = repeats,
                ["samples"] = new JsonArray([.. cases.Select(c => JsonNode.Parse(Workload.Request(c)))]),
            };
            var submitted = await client.SendRawAsync(new HttpRequestMessage(HttpMethod.Post, "api/score/runs")
            {
                Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            }, authorize: false, cancellationToken);
            if (submitted.Status != 202) throw new InvalidOperationException($"the {named} run was refused ({submitted.Status}): {submitted.Value ?? submitted.Error}");
            var runId = JsonDocument.Parse(submitted.Value!).RootElement.GetProperty("run_id").GetString()!;
            var run = await WaitAsync(client, runId, TimeSpan.FromSeconds(Math.Max(300, samples)), cancellationToken);
            var seconds = (DateTime.UtcNow - started).TotalSeconds;

            var usage = run.GetProperty("usage");
            var cost = usage.TryGetProperty("cost", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal().ToString("0.0000", CultureInfo.InvariantCulture) + " " + usage.GetProperty("currency").GetString() : "unknown";
            var batches = run.TryGetProperty("batch", out var b) ? $", {b.GetProperty("rounds").GetArrayLength()} batches ({b.GetProperty("state").GetString()})" : "";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"run cost, {samples} samples, {named}: {cost}; {usage.GetProperty("judge_calls").GetInt32()} live calls + {(usage.TryGetProperty("batch_calls", out var bc) ? bc.GetInt32() : 0)} batch calls, " +
                $"{usage.GetProperty("total_tokens").GetInt64()} tokens; at the judge {judge.ChatRequests} chat + {judge.EmbeddingRequests} embedding requests and {judge.BatchLines} batch lines{batches}; " +
                $"{run.GetProperty("counts").GetProperty("completed").GetInt32()}/{samples} completed in {seconds:0.0} s");
            BenchContext.Say(line);
            lines.Add(line);
            if (mode == "live") spent[repeats] = (usage.GetProperty("judge_calls").GetInt32(), usage.GetProperty("total_tokens").GetInt64(), judge.ChatRequests);
        }

        var (once, thrice) = (spent[1], spent[3]);
        var comparison = string.Create(CultureInfo.InvariantCulture,
            $"repeats, {samples} samples live: repeats 3 made {thrice.Calls} judge calls and {thrice.Tokens} tokens ({thrice.Received} chat requests at the judge) " +
            $"against {once.Calls} calls and {once.Tokens} tokens ({once.Received}) for repeats 1: " +
            $"{(double)thrice.Calls / Math.Max(1, once.Calls):0.00}x the calls, {(double)thrice.Tokens / Math.Max(1, once.Tokens):0.00}x the tokens " +
            $"(embedding calls count in both: each repetition of a metric that embeds embeds again)");
        BenchContext.Say(comparison);
        lines.Add(comparison);
        return lines;
    }

    private static async Task<JsonElement> WaitAsync(ApiClient client, string runId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var reply = await client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/runs/" + runId), authorize: false, cancellationToken);
            if (reply.Value is { } text)
            {
                var run = JsonDocument.Parse(text).RootElement.Clone();
                if (run.GetProperty("status").GetString() is "completed" or "failed" or "cancelled") return run;
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"run {runId} did not end within {timeout.TotalSeconds:0} s: {reply.Value}");
            await Task.Delay(250, cancellationToken);
        }
    }
}
