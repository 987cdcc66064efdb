using ScoreJobs.Judge;
using ScoreJobs.Records;
using System.Diagnostics;
using System.Text.Json;
using ScoreJobs.Jobs;
using ScoreJobs.Json;
using ScoreJobs.Metrics;
using ScoreJobs.Requests;

namespace ScoreJobs.Bench.Seeding;

/// <summary>
/// Completed job records as the server writes them (Core's <see cref="JobRecord"/>, <see cref="JobId"/> and
/// <see cref="RecordJsonContext.Readable"/>), with every metric scored and the full request kept, created
/// over the past 30 days. Written straight into a jobs folder before the server starts, which indexes it at start.
/// </summary>
internal static class RecordSeeder
{
    private static readonly string[] JudgeMetrics =
        [MetricNames.Faithfulness, MetricNames.AnswerRelevancy, MetricNames.ContextPrecision, MetricNames.ContextRecall, MetricNames.AnswerCorrectness, MetricNames.OverallQuality];

    private static readonly string[] OfflineMetrics =
        [MetricNames.ExactMatch, MetricNames.TokenF1, MetricNames.RougeL, MetricNames.Bleu, MetricNames.StringSimilarity, MetricNames.ContextCoverage];

    /// <summary>Writes <paramref name="count"/> record files into <paramref name="folder"/>; returns their ids, newest first.</summary>
    public static SeedResult WriteFiles(string folder, int count, DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        var started = Stopwatch.GetTimestamp();
        var ids = new string[count];
        long bytes = 0;
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
        {
            var record = Create(i, count, now);
            var json = JsonSerializer.SerializeToUtf8Bytes(record, RecordJsonContext.Readable.JobRecord);
            File.WriteAllBytes(Path.Combine(folder, record.JobId + ".json"), json);
            ids[i] = record.JobId;
            Interlocked.Add(ref bytes, json.Length);
        });
        Array.Sort(ids, StringComparer.Ordinal);
        return new SeedResult(ids, bytes, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Record <paramref name="index"/> of <paramref name="count"/>: older the higher the index, spread over 30 days.</summary>
    public static JobRecord Create(int index, int count, DateTimeOffset now)
    {
        var random = new Random(index);
        var created = now.AddMilliseconds(-(30L * 24 * 3600 * 1000 * (index + 1) / Math.Max(count, 1)) - 60_000);
        var started = created.AddMilliseconds(5 + random.Next(50));
        var latency = 350 + random.Next(1500);
        var finished = started.AddMilliseconds(latency);
        var caseTag = "seed" + index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        var request = new ScoreRequest
        {
            Question = $"Case {caseTag}: what is retrieval-augmented generation, and why does it reduce hallucination? 检索增强生成是什么？",
            Answer = $"Case {caseTag}: retrieval-augmented generation first retrieves passages from a knowledge base. The model then writes its answer from those passages. 检索增强生成先检索再生成。",
            Contexts =
            [
                "Retrieval-augmented generation (RAG) retrieves relevant passages from a document store and adds them to the prompt. 检索增强生成（RAG）先从知识库检索相关段落。",
                "Grounding the answer in retrieved text lets the model cite its sources and reduces hallucinated facts. 模型据此生成答案，可以引用来源。",
                "A vector index finds passages whose embeddings are close to the question's embedding. 向量索引按嵌入相似度查找段落。",
            ],
            GroundTruth = "Retrieval-augmented generation combines retrieval with generation, so answers rest on retrieved sources. 检索增强生成结合检索与生成。",
            Metrics = [.. JudgeMetrics, .. OfflineMetrics],
            Metadata = new Dictionary<string, string> { ["app"] = index % 3 == 0 ? "faq-bot" : "support-bot", ["workflow_run_id"] = caseTag },
        };

        var scores = new Dictionary<string, double?>(StringComparer.Ordinal);
        var details = new Dictionary<string, MetricResult>(StringComparer.Ordinal);
        foreach (var metric in request.Metrics)
        {
            var score = Math.Round(random.NextDouble(), 4);
            var judged = JudgeMetrics.Contains(metric);
            scores[metric] = score;
            details[metric] = MetricResult.Ok(score, judged ? "3 of 4 statements are supported by the contexts." : null) with
            {
                Model = judged ? "gpt-4o-mini" : null,
                Usage = judged ? new TokenUsage(1, 420, 90) : null,
                LatencyMs = judged ? 300 + random.Next(900) : 0,
                PromptVersion = judged ? "2026-11" : null,
            };
        }

        var weights = request.Metrics.ToDictionary(m => m, m => m == MetricNames.ExactMatch ? 0.5 : 1.0, StringComparer.Ordinal);
        var weighted = Math.Round(scores.Sum(s => s.Value!.Value * weights[s.Key]) / weights.Values.Sum(), 6);
        return new JobRecord
        {
            JobId = JobId.New(created),
            Status = JobStatus.Completed,
            CreatedAt = created,
            StartedAt = started,
            FinishedAt = finished,
            RequestSummary = new RequestSummary
            {
                Question = request.Question[..Math.Min(request.Question.Length, RequestSummary.TextLength)],
                Answer = request.Answer![..Math.Min(request.Answer.Length, RequestSummary.TextLength)],
                Metrics = request.Metrics,
                HasContexts = true,
                HasGroundTruth = true,
                Metadata = request.Metadata,
            },
            Scores = scores,
            WeightedScore = weighted,
            LatencyMs = latency,
            Details = details,
            Weights = weights,
            Attempts = 1,
            Usage = new TokenUsage(8, 3360, 720),
            PromptVersion = "2026-11",
            Request = request,
        };
    }
}
