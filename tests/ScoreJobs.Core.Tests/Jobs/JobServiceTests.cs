using ScoreJobs.Queues;
using ScoreJobs.Fakes;
using ScoreJobs.Index;
using ScoreJobs.Metrics;
using ScoreJobs.Records;
using ScoreJobs.Requests;

namespace ScoreJobs.Jobs;

public sealed class JobServiceTests : IDisposable
{
    private readonly JobsHarness _harness = new(new FixedMetric("m", MetricInputs.Answer), new FixedMetric("needs_gt", MetricInputs.GroundTruth));

    private static ScoreRequest Request(string question = "q") => new() { Question = question, Answer = "a", Metadata = new Dictionary<string, string> { ["app"] = "demo" } };

    [Fact]
    public async Task SubmitAsync_StoresQueuedRecordThenEnqueues()
    {
        var job = await _harness.SubmitAsync(Request());

        var stored = await _harness.Store.GetAsync(job.JobId, CancellationToken.None);
        Assert.Equal(JobStatus.Queued, stored!.Record.Status);
        Assert.Equal(["m", "needs_gt"], stored.Record.RequestSummary.Metrics);
        Assert.Equal(["needs_gt"], stored.Record.SkippedMetrics);
        Assert.Equal(1, _harness.Queue.Count);
        var delivery = Assert.Single(await _harness.Queue.ReceiveAsync(10, CancellationToken.None));
        Assert.Equal(job.JobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
    }

    [Fact]
    public async Task SubmitAsync_SameKeySameRequest_ReturnsSameJobOnce()
    {
        var first = await _harness.SubmitAsync(Request(), "run-1");
        var second = await _harness.SubmitAsync(Request(), "run-1");

        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(1, _harness.Queue.Count);
    }

    [Fact]
    public async Task SubmitAsync_SameKeyAfterTheMessageWasLost_QueuesTheJobAgain()
    {
        var first = await _harness.SubmitAsync(Request(), "run-1");
        await _harness.Queue.ReceiveAsync(10, CancellationToken.None);

        var second = await _harness.Service.SubmitAsync(Request(), _harness.Catalog.Select(Request(), new RequestErrors())!, "run-1", CancellationToken.None);

        Assert.Equal(first.JobId, second.Job!.JobId);
        Assert.True(second.Replayed);
        var delivery = Assert.Single(await _harness.Queue.ReceiveAsync(10, CancellationToken.None));
        Assert.Equal(first.JobId, Assert.IsType<JobMessage.ScoreJob>(delivery.Message).JobId);
    }

    [Fact]
    public async Task SubmitAsync_SameKeyOtherRequest_IsConflict()
    {
        await _harness.SubmitAsync(Request("one"), "run-1");
        var errors = new RequestErrors();
        var other = Request("two");

        var result = await _harness.Service.SubmitAsync(other, _harness.Catalog.Select(other, errors)!, "run-1", CancellationToken.None);

        Assert.True(result.KeyConflict);
        Assert.Equal(1, _harness.Queue.Count);
    }

    [Fact]
    public async Task ListAsync_PagesNewestFirstWithCursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _harness.SubmitAsync(Request($"q{i}"))).JobId);
            _harness.Clock.Advance(TimeSpan.FromMilliseconds(2));
        }

        var first = await _harness.Service.ListAsync(JobFilter.None, 2, null, CancellationToken.None);
        JobCursor.TryDecode(first.NextCursor, out var after);
        var second = await _harness.Service.ListAsync(JobFilter.None, 2, after, CancellationToken.None);
        JobCursor.TryDecode(second.NextCursor, out after);
        var third = await _harness.Service.ListAsync(JobFilter.None, 2, after, CancellationToken.None);

        ids.Reverse();
        Assert.Equal(ids, first.Jobs.Concat(second.Jobs).Concat(third.Jobs).Select(j => j.JobId));
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public async Task ListAsync_Filters_NarrowByTextTagAndStatus()
    {
        await _harness.SubmitAsync(Request("apple pie"));
        await _harness.SubmitAsync(Request("banana") with { Metadata = new Dictionary<string, string> { ["app"] = "other" } });

        var byText = await _harness.Service.ListAsync(new JobFilter { Text = "APPLE" }, 10, null, CancellationToken.None);
        var byTag = await _harness.Service.ListAsync(new JobFilter { Tags = [new("app", "other")] }, 10, null, CancellationToken.None);
        var completed = await _harness.Service.ListAsync(new JobFilter { Status = JobStatus.Completed }, 10, null, CancellationToken.None);

        Assert.Equal("apple pie", Assert.Single(byText.Jobs).RequestSummary.Question);
        Assert.Equal("banana", Assert.Single(byTag.Jobs).RequestSummary.Question);
        Assert.Empty(completed.Jobs);
    }

    public void Dispose() => _harness.Dispose();
}
