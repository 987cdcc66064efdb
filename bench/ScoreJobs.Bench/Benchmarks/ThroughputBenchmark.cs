using ScoreJobs.Records;
using System.Collections.Concurrent;
using System.Globalization;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Bench.Reports;
using ScoreJobs.Jobs;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// End-to-end jobs per second for the full metric set (every judge metric, with embeddings, and the offline
/// metrics; three contexts) against the fake judge answering after a fixed latency, with one or more server
/// instances sharing the store and queue. Also the judge calls and tokens one job costs.
/// </summary>
internal static class ThroughputBenchmark
{
    private const int SubmitClients = 16;

    public static async Task<ThroughputFigure> RunAsync(
        BenchContext context, StorageTarget storage, int instances, int jobs, int judgeLatencyMs, int concurrency, CancellationToken cancellationToken)
    {
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false);
        var settings = storage.NewGroup(context.Scratch, "throughput") with { JudgeEndpoint = judge.Endpoint, WorkerConcurrency = concurrency };
        var servers = new List<ServerProcess>();
        var clients = new List<ApiClient>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var server = await context.StartServerAsync($"throughput-{instances}x-{i + 1}", settings, cancellationToken);
                servers.Add(server);
                clients.Add(new ApiClient(server.BaseAddress, null));
            }

            BenchContext.Say($"throughput: {instances} instance(s), judge latency {judgeLatencyMs} ms, worker concurrency {concurrency}: warming up");
            var warmup = await SubmitManyAsync(clients, Math.Min(jobs, concurrency * instances), cancellationToken);
            await JobWaiter.WaitFinishedAsync(clients[0], warmup, TimeSpan.FromMinutes(2), null, cancellationToken);

            var alone = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var single = await SubmitManyAsync(clients, 1, cancellationToken);
                var done = await JobWaiter.WaitFinishedAsync(clients[0], single, TimeSpan.FromMinutes(1), null, cancellationToken);
                if (done.Values.FirstOrDefault() is { IsFinished: true } record) alone.Add(record.LatencyMs);
            }

            alone.Sort();
            var singleMs = alone.Count > 0 ? alone[alone.Count / 2] : double.NaN;

            var (requestsBefore, chatBefore, embeddingsBefore) = (judge.Requests, judge.ChatRequests, judge.EmbeddingRequests);
            var (charactersBefore, bytesBefore) = (judge.PromptCharacters, judge.BodyBytes);
            BenchContext.Say($"throughput: submitting {jobs} jobs with {SubmitClients} clients (one job alone takes {singleMs:0} ms)");
            var ids = await SubmitManyAsync(clients, jobs, cancellationToken);
            var limit = TimeSpan.FromSeconds(Math.Max(120, jobs / 2.0));
            var records = await JobWaiter.WaitFinishedAsync(clients[0], ids, limit,
                (finished, total) => BenchContext.Say($"throughput: {finished}/{total} finished"), cancellationToken);
            var judgeRequests = judge.Requests - requestsBefore;
            var chatRequests = judge.ChatRequests - chatBefore;
            var embeddingRequests = judge.EmbeddingRequests - embeddingsBefore;
            var promptCharacters = judge.PromptCharacters - charactersBefore;
            var bodyBytes = judge.BodyBytes - bytesBefore;

            var main = records.Values.ToList();
            var completed = main.Where(r => r.Status == JobStatus.Completed).ToList();
            var finishedRecords = main.Where(r => r.IsFinished).ToList();
            var first = main.Count > 0 ? main.Min(r => r.CreatedAt) : DateTimeOffset.UtcNow;
            var last = finishedRecords.Count > 0 ? finishedRecords.Max(r => r.FinishedAt!.Value) : first;
            var seconds = Math.Max((last - first).TotalSeconds, 0.001);
            var scoring = new LatencySamples();
            foreach (var record in finishedRecords) scoring.Add(record.LatencyMs);
            var peak = servers.Select(s => s.ReadMemory()?.PeakMiB ?? 0).DefaultIfEmpty(0).Max();
            var figure = new ThroughputFigure
            {
                Mode = storage.Mode,
                Instances = instances,
                Jobs = ids.Count,
                Completed = completed.Count,
                Failed = finishedRecords.Count - completed.Count,
                Unfinished = ids.Count - finishedRecords.Count,
                JudgeLatencyMs = judgeLatencyMs,
                WorkerConcurrency = concurrency,
                Contexts = Workload.Contexts,
                Metrics = completed.FirstOrDefault()?.RequestSummary.Metrics ?? [],
                SingleJobMs = singleMs,
                IdealJobsPerSecond = Math.Round(instances * concurrency * 1000.0 / singleMs, 1),
                JobsPerSecond = Math.Round(completed.Count / seconds, 1),
                Seconds = Math.Round(seconds, 2),
                JobLatency = scoring.Summarize(),
                JudgeCallsPerJob = Math.Round(Average(completed, r => r.Usage?.JudgeCalls ?? 0), 2),
                PromptTokensPerJob = Math.Round(Average(completed, r => r.Usage?.PromptTokens ?? 0), 1),
                CompletionTokensPerJob = Math.Round(Average(completed, r => r.Usage?.CompletionTokens ?? 0), 1),
                FakeJudgeRequestsPerJob = ids.Count > 0 ? Math.Round(judgeRequests / (double)ids.Count, 2) : 0,
                PromptCharactersPerJob = ids.Count > 0 ? Math.Round(promptCharacters / (double)ids.Count) : 0,
                RequestBytesPerJob = ids.Count > 0 ? Math.Round(bodyBytes / (double)ids.Count) : 0,
                FakeJudgeChatPerJob = ids.Count > 0 ? Math.Round(chatRequests / (double)ids.Count, 2) : 0,
                FakeJudgeEmbeddingsPerJob = ids.Count > 0 ? Math.Round(embeddingRequests / (double)ids.Count, 2) : 0,
                FakeJudgeMaxConcurrent = judge.MaxConcurrentRequests,
                ServerPeakMiB = Math.Round(peak, 1),
            };
            BenchContext.Say(string.Create(CultureInfo.InvariantCulture,
                $"throughput: {instances} instance(s): {figure.JobsPerSecond} jobs/s (ideal {figure.IdealJobsPerSecond}), {figure.Completed} completed, {figure.Failed} failed, {figure.Unfinished} unfinished in {figure.Seconds} s; {figure.JudgeCallsPerJob} judge calls and {figure.PromptTokensPerJob}+{figure.CompletionTokensPerJob} tokens per job"));
            return figure;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    /// <summary>Submits <paramref name="count"/> full-set jobs, spread over the servers; returns the accepted ids.</summary>
    private static async Task<List<string>> SubmitManyAsync(List<ApiClient> clients, int count, CancellationToken cancellationToken)
    {
        var ids = new ConcurrentBag<string>();
        var result = await ClosedLoop.RunAsync(Math.Min(SubmitClients, count), count, TimeSpan.FromMinutes(5), async (index, ct) =>
        {
            var reply = await clients[index % clients.Count].SubmitAsync(Workload.Request(Workload.NewCase()), null, ct);
            if (reply.Value is { } accepted) ids.Add(accepted.JobId);
            return (reply.Status, reply.Milliseconds);
        }, cancellationToken);
        if (result.Failed > 0) BenchContext.Say($"throughput: {result.Failed} submits were refused: {string.Join(", ", result.Statuses.Select(s => $"{s.Key}x{s.Value}"))}");
        return [.. ids];
    }

    private static double Average(List<JobListItem> records, Func<JobListItem, double> value) => records.Count == 0 ? 0 : records.Average(value);
}
