using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScoreJobs.Telemetry;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>
/// A job through the server with the fake judge, its spans and metrics caught by OpenTelemetry's in-memory exporters
/// (added to the providers the way an exporter is): the trace from the HTTP request to each judge call, the metrics'
/// tags, and that nothing of a request's text or of the key reaches telemetry.
/// </summary>
public sealed class ServerTelemetryTests
{
    private const string ApiKey = "sk-telemetry-secret";

    // Words from each part of the request that a judge prompt carries; none may reach a span.
    private static readonly string[] RequestText = ["Seine", "capital of France", "Lyon is known"];

    private const string RagRequest = """
        {"question":"What is the capital of France?",
         "answer":"Paris is the capital of France. It lies on the Seine.",
         "contexts":["Paris is the capital of France.","Lyon is known for its food.","Paris lies on the Seine."],
         "ground_truth":"Paris is the capital of France.",
         "metrics":["faithfulness","overall_quality","token_f1"]}
        """;

    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];

    [Fact]
    public async Task Submit_Traced_OneTraceFromTheRequestThroughRunAndMetricsToEachJudgeCall()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        var jobId = await SubmitAndWaitAsync(server.CreateClient());

        var run = await WaitForSpanAsync(s => s.OperationName == ScoreJobsTelemetry.ScoringSpan && JobIdOf(s) == jobId);
        var submit = Assert.Single(Spans(), s => s.OperationName == ScoreJobsTelemetry.SubmitSpan && JobIdOf(s) == jobId);
        var request = Assert.Single(Spans(), s => s.SpanId == submit.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(submit.TraceId, run.TraceId);
        Assert.Equal(submit.SpanId, run.ParentSpanId);
        Assert.Equal("queued", submit.GetTagItem(TelemetryAttributes.JobStatus));
        Assert.Equal("completed", run.GetTagItem(TelemetryAttributes.JobStatus));
        Assert.Equal(1, run.GetTagItem(TelemetryAttributes.DeliveryCount));

        var metrics = Spans().Where(s => s.ParentSpanId == run.SpanId).ToList();
        Assert.All(metrics, m => Assert.Equal(ScoreJobsTelemetry.MetricSpan, m.OperationName));
        Assert.Equal(["faithfulness", "overall_quality", "token_f1"], metrics.Select(m => (string)m.GetTagItem(TelemetryAttributes.MetricName)!).Order());
        Assert.All(metrics, m => Assert.Equal(false, m.GetTagItem(TelemetryAttributes.CacheHit)));
        Assert.All(metrics, m => Assert.Equal("ok", m.GetTagItem(TelemetryAttributes.MetricStatus)));

        var calls = Spans().Where(s => metrics.Any(m => m.SpanId == s.ParentSpanId)).ToList();
        Assert.Equal(judge.ChatRequestCount, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal(ScoreJobsTelemetry.Name, call.Source.Name);
            Assert.Equal("chat", call.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("judge-model", call.GetTagItem("gen_ai.request.model"));
            Assert.Equal(400, Convert.ToInt32(call.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        });
        foreach (var judged in metrics.Where(m => (string)m.GetTagItem(TelemetryAttributes.MetricName)! != "token_f1"))
        {
            var ownCalls = calls.Count(c => c.ParentSpanId == judged.SpanId);
            Assert.InRange(ownCalls, 1, 10);
            Assert.Equal("judge-model", judged.GetTagItem(TelemetryAttributes.JudgeModel));
            Assert.Equal(ownCalls, judged.GetTagItem(TelemetryAttributes.JudgeCalls));
            Assert.Equal(400L * ownCalls, judged.GetTagItem(TelemetryAttributes.InputTokens));
        }

        // The prompts did carry the request's text, and telemetry carries none of it, nor the key.
        Assert.All(RequestText, text => Assert.Contains(judge.ChatRequests, r => r.Body.Contains(text, StringComparison.Ordinal)));
        var exported = Describe(Spans());
        Assert.All(RequestText.Append(ApiKey), text => Assert.DoesNotContain(text, exported, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_Traced_JobAndJudgeMetricsRecordedWithTheirTags()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateSut(judge);
        await SubmitAndWaitAsync(server.CreateClient());
        await WaitForSpanAsync(s => s.OperationName == ScoreJobsTelemetry.ScoringSpan);

        server.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var finished = Assert.Single(Points(ScoreJobsTelemetry.JobsFinished));
        Assert.Equal([new(TelemetryAttributes.JobStatus, "completed")], finished.Tags);
        Assert.Equal(1, finished.Point.GetSumLong());
        var duration = Assert.Single(Points(ScoreJobsTelemetry.JobDuration));
        Assert.Equal([new(TelemetryAttributes.JobStatus, "completed")], duration.Tags);
        Assert.Equal(1, duration.Point.GetHistogramCount());
        Assert.Equal(1, Assert.Single(Points(ScoreJobsTelemetry.QueueWait)).Point.GetHistogramCount());
        Assert.Empty(Points(ScoreJobsTelemetry.MetricFailures));
        Assert.Equal("s", Last(ScoreJobsTelemetry.JobDuration).Unit);

        var tokens = Points("gen_ai.client.token.usage");
        var input = Assert.Single(tokens, p => p.Tags.Contains(new("gen_ai.token.type", "input")));
        Assert.Contains(new("gen_ai.request.model", "judge-model"), input.Tags);
        Assert.Equal(judge.ChatRequestCount, input.Point.GetHistogramCount());
        Assert.Equal(400.0 * judge.ChatRequestCount, input.Point.GetHistogramSum());
        Assert.Equal(judge.ChatRequestCount, Points("gen_ai.client.operation.duration").Sum(p => p.Point.GetHistogramCount()));
    }

    [Fact]
    public async Task Submit_JudgeRejectsTheKey_MetricFailuresByErrorKindAndNoKeyInSpans()
    {
        await using var judge = await FakeOpenAIServer.StartAsync();
        judge.Responder = _ => FakeResponse.Error(401, $"Incorrect API key provided: {ApiKey}. What is the capital of France?", "invalid_api_key");
        using var server = CreateSut(judge);
        var jobId = await SubmitAndWaitAsync(server.CreateClient());
        var run = await WaitForSpanAsync(s => s.OperationName == ScoreJobsTelemetry.ScoringSpan && JobIdOf(s) == jobId);

        server.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var failures = Points(ScoreJobsTelemetry.MetricFailures);
        Assert.Equal(["faithfulness", "overall_quality"], failures.Select(f => f.Tags.Single(t => t.Key == TelemetryAttributes.MetricName).Value).Order());
        Assert.All(failures, f => Assert.Contains(new(TelemetryAttributes.ErrorType, "auth"), f.Tags));
        var failed = Spans().Where(s => s.ParentSpanId == run.SpanId && Equals(s.GetTagItem(TelemetryAttributes.MetricStatus), "failed")).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, s => Assert.Equal(ActivityStatusCode.Error, s.Status));
        Assert.All(failed, s => Assert.Equal("auth", s.GetTagItem(TelemetryAttributes.ErrorType)));
        Assert.DoesNotContain(ApiKey, Describe(Spans()), StringComparison.Ordinal);
        Assert.DoesNotContain("capital of France", Describe(Spans()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoExporterSetting_NoProviderAndNothingListens()
    {
        using var server = new ServerFactory();
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/score/async", HttpJson.Body("""{"question":"q","answer":"a","ground_truth":"a"}"""))).StatusCode);

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<MeterProvider>());
        Assert.Null(server.Services.GetService<LoggerProvider>());
        using var probe = new ActivitySource(ScoreJobsTelemetry.Name);
        Assert.False(probe.HasListeners());
    }

    [Fact]
    public void Start_OtlpEndpointSet_ProvidersExportWithTheServiceName()
    {
        // A loopback port nothing listens on: the exporter is built and started, and what it sends goes nowhere.
        using var server = new ServerFactory(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" });

        Assert.NotNull(server.Services.GetService<TracerProvider>());
        Assert.NotNull(server.Services.GetService<MeterProvider>());
        var resource = server.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Contains(new KeyValuePair<string, object>("service.name", ServerTelemetry.ServiceName), resource.Attributes);
    }

    private ServerFactory CreateSut(FakeOpenAIServer judge) => new(
        new()
        {
            ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = "judge-model",
            ["ScoreJobs:Judge:ApiKey"] = ApiKey,
            ["ScoreJobs:Judge:MaxRetries"] = "0",
        },
        services => services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics)));

    private static async Task<string> SubmitAndWaitAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/score/async", HttpJson.Body(RagRequest));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = (await response.ReadJsonAsync()).GetProperty("job_id").GetString()!;
        await client.WaitForJobAsync(jobId);
        return jobId;
    }

    // The exporter adds from the threads that end spans; a copy may catch a slot being filled.
    private Activity[] Spans() => [.. _spans.ToArray().Where(s => s is not null)];

    private async Task<Activity> WaitForSpanAsync(Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (Spans().FirstOrDefault(match) is { } span) return span;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the span did not end");
            await Task.Delay(20);
        }
    }

    private static string? JobIdOf(Activity span) => span.GetTagItem(TelemetryAttributes.JobId) as string;

    private MetricSnapshot Last(string name) => _metrics.Last(m => m.Name == name);

    private List<(List<KeyValuePair<string, object?>> Tags, MetricPoint Point)> Points(string name)
    {
        if (!_metrics.Any(m => m.Name == name)) return [];
        var points = new List<(List<KeyValuePair<string, object?>>, MetricPoint)>();
        foreach (var point in Last(name).MetricPoints)
        {
            var tags = new List<KeyValuePair<string, object?>>();
            foreach (var tag in point.Tags) tags.Add(tag);
            points.Add((tags, point));
        }

        return points;
    }

    // Everything a span exports as text: names, tags, status, events and their tags, baggage.
    private static string Describe(IEnumerable<Activity> spans)
    {
        var text = new StringBuilder();
        foreach (var span in spans)
        {
            text.AppendLine(span.DisplayName).AppendLine(span.StatusDescription);
            foreach (var (key, value) in span.TagObjects) text.Append(key).Append('=').AppendLine(value?.ToString());
            foreach (var (key, value) in span.Baggage) text.Append(key).Append('=').AppendLine(value);
            foreach (var e in span.Events)
            {
                text.AppendLine(e.Name);
                foreach (var (key, value) in e.Tags) text.Append(key).Append('=').AppendLine(value?.ToString());
            }
        }

        return text.ToString();
    }
}
