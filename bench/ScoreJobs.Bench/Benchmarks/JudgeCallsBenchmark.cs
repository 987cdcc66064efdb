using System.Globalization;
using Microsoft.ML.Tokenizers;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Judging;
using ScoreJobs.Bench.Load;
using ScoreJobs.Records;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// Judge calls and prompt/completion tokens per fully scored job, read from the records' usage, for the six first judge
/// metrics and for all nine: scored together in one job (a decomposition shared), and each metric in a job of its own,
/// summed (nothing shared: what the set cost before sharing). The fake judge reports as tokens the o200k count of what it
/// was sent and of what it answered, so the tokens follow the prompts' real length. Every job is a new case, so no
/// reply comes from the response cache.
/// </summary>
internal static class JudgeCallsBenchmark
{
    private static readonly string[] Six =
        ["faithfulness", "answer_relevancy", "context_precision", "context_recall", "answer_correctness", "overall_quality"];

    private static readonly string[] Nine = [.. Six, "factual_correctness", "response_groundedness", "noise_sensitivity"];

    public static async Task<IReadOnlyList<string>> RunAsync(BenchContext context, StorageTarget storage, int jobs, int judgeLatencyMs, CancellationToken cancellationToken)
    {
        var o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");
        await using var judge = await BenchJudge.StartAsync(TimeSpan.FromMilliseconds(judgeLatencyMs), ledger: false,
            usage: (request, reply) => (o200k.CountTokens(request.SystemMessage) + o200k.CountTokens(request.UserMessage) + 7, o200k.CountTokens(reply)));
        var settings = storage.NewGroup(context.Scratch, "calls") with { JudgeEndpoint = judge.Endpoint };
        await using var server = await context.StartServerAsync("calls", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, null);

        var lines = new List<string>();
        var alone = new Dictionary<string, Cost>(StringComparer.Ordinal);
        foreach (var metric in Nine)
        {
            alone[metric] = await PerJobAsync(client, [metric], jobs, cancellationToken);
        }

        foreach (var (name, set) in new[] { ("six first judge metrics", Six), ("all nine judge metrics", Nine) })
        {
            var unshared = set.Select(m => alone[m]).Aggregate((a, b) => a + b);
            var together = await PerJobAsync(client, set, jobs, cancellationToken);
            foreach (var (how, cost) in new[] { ("each metric alone, summed (no sharing)", unshared), ("in one job (claims shared)", together) })
            {
                var line = string.Create(CultureInfo.InvariantCulture,
                    $"judge calls per job, {name}, {how}: {cost.Calls:0.##} calls, {cost.Prompt:0} prompt + {cost.Completion:0} completion tokens ({jobs} jobs)");
                BenchContext.Say(line);
                lines.Add(line);
            }
        }

        return lines;
    }

    private static async Task<Cost> PerJobAsync(ApiClient client, IReadOnlyList<string> metrics, int jobs, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var i = 0; i < jobs; i++)
        {
            var reply = await client.SubmitAsync(Workload.Request(Workload.NewCase(), metrics), null, cancellationToken);
            ids.Add(reply.Value?.JobId ?? throw new InvalidOperationException($"a job of {string.Join(",", metrics)} was refused ({reply.Status}): {reply.Error}"));
        }

        var records = await JobWaiter.WaitFinishedAsync(client, ids, TimeSpan.FromMinutes(5), null, cancellationToken);
        var completed = records.Values.Where(r => r.Status == JobStatus.Completed && r.Usage is not null).ToList();
        if (completed.Count != jobs) throw new InvalidOperationException($"{jobs - completed.Count} jobs of {string.Join(",", metrics)} did not complete");
        return new Cost(completed.Average(r => r.Usage!.JudgeCalls), completed.Average(r => r.Usage!.PromptTokens), completed.Average(r => r.Usage!.CompletionTokens));
    }

    private readonly record struct Cost(double Calls, double Prompt, double Completion)
    {
        public static Cost operator +(Cost a, Cost b) => new(a.Calls + b.Calls, a.Prompt + b.Prompt, a.Completion + b.Completion);
    }
}
