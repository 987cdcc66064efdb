using System.Collections.Concurrent;
using System.Diagnostics;
using ScoreJobs.Fakes;
using ScoreJobs.Jobs;
using ScoreJobs.Metrics;
using ScoreJobs.Queues;
using ScoreJobs.Requests;

namespace ScoreJobs.Telemetry;

/// <summary>The spans of a job through the real service, handler, runner and scorer, caught by a plain listener.</summary>
public sealed class JobTelemetryTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer));

    public JobTelemetryTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ScoreJobsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    private JobDeliveryHandler CreateSut() =>
        new(_harness.JobScorer, TestCallbacks.Runner(_harness.Store, _harness.Queue), _harness.RunMessages, _harness.Options, TestLogger.For<JobDeliveryHandler>());

    // Other tests run jobs at the same time, and this listener hears them too: spans are picked by job id.
    private Activity SpanOf(string operation, string jobId) =>
        Assert.Single(_spans, s => s.OperationName == operation && Equals(s.GetTagItem(TelemetryAttributes.JobId), jobId));

    private async Task<string> SubmitAsync() => (await _harness.SubmitAsync(new ScoreRequest { Question = "q", Answer = "a" })).JobId;

    [Fact]
    public async Task SubmitAsync_Traced_QueuesTheSubmitSpansTraceparent()
    {
        var jobId = await SubmitAsync();

        var message = Assert.Single(await _harness.Queue.ReceiveAsync(10, CancellationToken.None)).Message!;
        var submit = SpanOf(ScoreJobsTelemetry.SubmitSpan, jobId);
        Assert.Equal(submit.Id, message.Traceparent);
        Assert.Equal(ActivityKind.Producer, submit.Kind);
        Assert.Equal("queued", submit.GetTagItem(TelemetryAttributes.JobStatus));
        Assert.Equal(false, submit.GetTagItem(TelemetryAttributes.Replayed));
    }

    [Fact]
    public async Task HandleAsync_MessageWithTraceparent_RunContinuesThatTraceAndLinksTheDelivery()
    {
        var jobId = await SubmitAsync();
        var submitted = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceparent = $"00-{submitted.TraceId}-{submitted.SpanId}-01";
        using var invocation = new Activity("a Functions invocation").Start();

        await CreateSut().HandleAsync(new JobMessage.ScoreJob(jobId) { Traceparent = traceparent }, jobId, 2, CancellationToken.None);
        invocation.Stop();

        var run = SpanOf(ScoreJobsTelemetry.ScoringSpan, jobId);
        Assert.Equal(submitted.TraceId, run.TraceId);
        Assert.Equal(submitted.SpanId, run.ParentSpanId);
        Assert.Equal(invocation.Context, Assert.Single(run.Links).Context);
        Assert.Equal(ActivityKind.Consumer, run.Kind);
        Assert.Equal("completed", run.GetTagItem(TelemetryAttributes.JobStatus));
        Assert.Equal(2, run.GetTagItem(TelemetryAttributes.DeliveryCount));
        var metric = Assert.Single(_spans, s => s.ParentSpanId == run.SpanId);
        Assert.Equal(ScoreJobsTelemetry.MetricSpan, metric.OperationName);
        Assert.Equal("m", metric.GetTagItem(TelemetryAttributes.MetricName));
        Assert.Equal("ok", metric.GetTagItem(TelemetryAttributes.MetricStatus));
        Assert.Equal(false, metric.GetTagItem(TelemetryAttributes.CacheHit));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-traceparent")]
    public async Task HandleAsync_NoUsableTraceparent_RunIsAChildOfTheCurrentSpan(string? traceparent)
    {
        var jobId = await SubmitAsync();
        using var invocation = new Activity("a Functions invocation").Start();

        await CreateSut().HandleAsync(new JobMessage.ScoreJob(jobId) { Traceparent = traceparent }, jobId, 1, CancellationToken.None);
        invocation.Stop();

        var run = SpanOf(ScoreJobsTelemetry.ScoringSpan, jobId);
        Assert.Equal(invocation.TraceId, run.TraceId);
        Assert.Equal(invocation.SpanId, run.ParentSpanId);
        Assert.Empty(run.Links);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _harness.Dispose();
    }
}
