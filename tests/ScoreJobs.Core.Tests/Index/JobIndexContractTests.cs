using ScoreJobs.Callbacks;
using ScoreJobs.Jobs;
using ScoreJobs.Labels;
using ScoreJobs.Records;

namespace ScoreJobs.Index;

/// <summary>What every <see cref="IJobIndex"/> adapter must do; one subclass per adapter (SQLite, Azure Table storage on Azurite).</summary>
public abstract class JobIndexContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    protected abstract IJobIndex CreateSut();

    protected static JobIndexEntry Entry(
        DateTimeOffset createdAt, JobStatus status = JobStatus.Completed, double? score = 0.5, string question = "What is RAG?",
        Dictionary<string, string>? tags = null, Dictionary<string, double?>? scores = null, string? runId = null, CallbackState? callback = null) =>
        new()
        {
            Item = new JobListItem
            {
                JobId = JobId.New(createdAt),
                Status = status,
                CreatedAt = createdAt,
                RequestSummary = new RequestSummary { Question = question, Metrics = [.. (scores ?? []).Keys], Metadata = tags },
                Scores = scores ?? new Dictionary<string, double?>(),
                WeightedScore = score,
                Callback = callback,
                RunId = runId,
            },
            RunId = runId,
        };

    protected static JobLabel Label(string rater, double? faithfulness = null, string? rating = null) => new()
    {
        Rater = rater,
        Scores = faithfulness is { } f ? new Dictionary<string, double> { ["faithfulness"] = f } : null,
        Rating = rating,
        UpdatedAt = T0,
    };

    [Fact]
    public async Task LabelledScoresAsync_RecordRewrittenAfterLabelling_KeepsTheLabelsBesideTheNewJudgeScore()
    {
        var index = CreateSut();
        var entry = Entry(T0, scores: new() { ["faithfulness"] = 0.8 }, score: 0.7);
        await index.UpsertAsync(entry, CancellationToken.None);
        await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.6, "good"), Label("bo", 0.4)], CancellationToken.None);

        await index.UpsertAsync(entry with { Item = entry.Item with { Scores = new Dictionary<string, double?> { ["faithfulness"] = 0.9 }, PromptVersion = "v3" } }, CancellationToken.None);

        var pairs = (await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None)).OrderBy(p => p.Rater).ToList();
        Assert.Equal([("ana", 0.9, 0.6), ("bo", 0.9, 0.4)], pairs.Select(p => (p.Rater, p.Judge, p.Human)));
        Assert.All(pairs, p => Assert.Equal("v3", p.PromptVersion));
        var rating = Assert.Single(await index.LabelledScoresAsync(JobFilter.None, LabelledScore.Rating, CancellationToken.None));
        Assert.Equal(("ana", 0.7, 1.0), (rating.Rater, rating.Judge, rating.Human));
    }

    [Fact]
    public async Task SetLabelsAsync_RaterRemovedThenNone_PairsFollow()
    {
        var index = CreateSut();
        var entry = Entry(T0, scores: new() { ["faithfulness"] = 0.8 });
        await index.UpsertAsync(entry, CancellationToken.None);
        await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.6), Label("bo", 0.4)], CancellationToken.None);

        await index.SetLabelsAsync(entry.JobId, [Label("bo", 0.5)], CancellationToken.None);
        var afterOne = Assert.Single(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
        await index.SetLabelsAsync(entry.JobId, [], CancellationToken.None);

        Assert.Equal(("bo", 0.5), (afterOne.Rater, afterOne.Human));
        Assert.Empty(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
    }

    [Fact]
    public async Task LabelledScoresAsync_LabelledBeforeIndexedThenRemoved_PairOnlyWhileTheJobIsIndexed()
    {
        var index = CreateSut();
        var entry = Entry(T0, scores: new() { ["faithfulness"] = 0.8 }, score: 0.7);
        await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.6, "bad")], CancellationToken.None);
        var beforeIndexed = await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None);

        await index.UpsertAsync(entry, CancellationToken.None);
        var indexed = Assert.Single(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
        var rating = Assert.Single(await index.LabelledScoresAsync(JobFilter.None, LabelledScore.Rating, CancellationToken.None));
        await index.RemoveAsync(entry.JobId, CancellationToken.None);

        Assert.Empty(beforeIndexed);
        Assert.Equal((entry.JobId, 0.8, 0.6), (indexed.JobId, indexed.Judge, indexed.Human));
        Assert.Equal((0.7, 0.0), (rating.Judge, rating.Human));
        Assert.Empty(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
        Assert.Empty(await index.LabelledScoresAsync(new JobFilter { Status = JobStatus.Completed }, LabelledScore.Rating, CancellationToken.None));
    }

    [Fact]
    public async Task LabelledScoresAsync_JudgeScoreGone_PairLeftOut()
    {
        var index = CreateSut();
        var entry = Entry(T0, scores: new() { ["faithfulness"] = 0.8 });
        await index.UpsertAsync(entry, CancellationToken.None);
        await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.6)], CancellationToken.None);

        await index.UpsertAsync(entry with { Item = entry.Item with { Scores = new Dictionary<string, double?> { ["faithfulness"] = null } } }, CancellationToken.None);

        Assert.Empty(await index.LabelledScoresAsync(JobFilter.None, "faithfulness", CancellationToken.None));
    }

    [Fact]
    public async Task LabelledScoresAsync_Filters_OnlyMatchingScoredJobs()
    {
        var index = CreateSut();
        var inRun = Entry(T0.AddHours(1), scores: new() { ["faithfulness"] = 0.8 }, runId: "r1", tags: new() { ["app"] = "faq" });
        var otherRun = Entry(T0.AddHours(2), scores: new() { ["faithfulness"] = 0.3 }, runId: "r2", tags: new() { ["app"] = "faq" });
        var unscored = Entry(T0.AddHours(3), scores: new() { ["faithfulness"] = null }, runId: "r1");
        var early = Entry(T0.AddMinutes(-5), scores: new() { ["faithfulness"] = 0.1 }, runId: "r1");
        foreach (var entry in new[] { inRun, otherRun, unscored, early })
        {
            await index.UpsertAsync(entry, CancellationToken.None);
            await index.SetLabelsAsync(entry.JobId, [Label("ana", 0.5)], CancellationToken.None);
        }

        var byRun = await index.LabelledScoresAsync(new JobFilter { RunId = "r1", Since = T0 }, "faithfulness", CancellationToken.None);
        var byTag = await index.LabelledScoresAsync(new JobFilter { Tags = [new("app", "faq")] }, "faithfulness", CancellationToken.None);
        var otherMetric = await index.LabelledScoresAsync(JobFilter.None, "answer_relevancy", CancellationToken.None);

        Assert.Equal([inRun.JobId], byRun.Select(p => p.JobId));
        Assert.Equal([inRun.JobId, otherRun.JobId], byTag.Select(p => p.JobId).Order(StringComparer.Ordinal).Reverse());
        Assert.Empty(otherMetric);
    }

    [Fact]
    public async Task ListAsync_Empty_NoJobsNoCursor()
    {
        var page = await CreateSut().ListAsync(JobFilter.None, 10, null, CancellationToken.None);

        Assert.Empty(page.Jobs);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ListAsync_PagesOfThree_EachJobOnceNewestFirst()
    {
        var index = CreateSut();
        var entries = Enumerable.Range(0, 7).Select(i => Entry(T0.AddMinutes(i))).ToList();
        foreach (var entry in entries.OrderBy(_ => Guid.NewGuid())) await index.UpsertAsync(entry, CancellationToken.None);

        var pages = await AllPagesAsync(index, JobFilter.None, 3);

        Assert.Equal(entries.Select(e => e.JobId).Reverse(), pages.SelectMany(p => p));
        Assert.Equal([3, 3, 1], pages.Select(p => p.Count));
    }

    [Fact]
    public async Task UpsertAsync_StatusChanges_EntryMovesBetweenStatusFiltersAndStats()
    {
        var index = CreateSut();
        var queued = Entry(T0, JobStatus.Queued, score: null);
        await index.UpsertAsync(queued, CancellationToken.None);
        var completed = queued with { Item = queued.Item with { Status = JobStatus.Completed, WeightedScore = 0.75 } };

        await index.UpsertAsync(completed, CancellationToken.None);

        Assert.Empty((await index.ListAsync(new JobFilter { Status = JobStatus.Queued }, 10, null, CancellationToken.None)).Jobs);
        var item = Assert.Single((await index.ListAsync(new JobFilter { Status = JobStatus.Completed }, 10, null, CancellationToken.None)).Jobs);
        Assert.Equal(0.75, item.WeightedScore);
        var stats = await index.StatsAsync(JobFilter.None, CancellationToken.None);
        Assert.Equal(1, stats.Total);
        Assert.Equal(0, stats.ByStatus["queued"]);
        Assert.Equal(1, stats.ByStatus["completed"]);
        Assert.Equal(1, stats.Histogram[7].Count);
        Assert.False(stats.Truncated);
    }

    [Fact]
    public async Task ListAsync_DateRange_SinceInclusiveUntilExclusive()
    {
        var index = CreateSut();
        var before = Entry(T0.AddMilliseconds(-1));
        var atSince = Entry(T0);
        var inside = Entry(T0.AddHours(5));
        var atUntil = Entry(T0.AddDays(1));
        foreach (var entry in new[] { before, atSince, inside, atUntil }) await index.UpsertAsync(entry, CancellationToken.None);

        var page = await index.ListAsync(new JobFilter { Since = T0, Until = T0.AddDays(1) }, 10, null, CancellationToken.None);

        Assert.Equal([inside.JobId, atSince.JobId], page.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task RemoveAsync_Entry_GoneFromListsStatsAndPending()
    {
        var index = CreateSut();
        var entry = Entry(T0, JobStatus.Running, tags: new() { ["app"] = "faq" });
        await index.UpsertAsync(entry, CancellationToken.None);

        await index.RemoveAsync(entry.JobId, CancellationToken.None);

        Assert.Empty((await index.ListAsync(JobFilter.None, 10, null, CancellationToken.None)).Jobs);
        Assert.Empty((await index.ListAsync(new JobFilter { Tags = [new("app", "faq")] }, 10, null, CancellationToken.None)).Jobs);
        Assert.Equal(0, (await index.StatsAsync(JobFilter.None, CancellationToken.None)).Total);
        Assert.Empty(await ToListAsync(index.PendingAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task PendingAsync_QueuedRunningAndPendingCallbacks_NotTheFinished()
    {
        var index = CreateSut();
        var queued = Entry(T0, JobStatus.Queued);
        var running = Entry(T0.AddSeconds(1), JobStatus.Running);
        var owesCallback = Entry(T0.AddSeconds(2), callback: new CallbackState { Url = "https://example.com/hook", Status = CallbackStatus.Pending, WebhookId = "msg_1" });
        var done = Entry(T0.AddSeconds(3), callback: new CallbackState { Url = "https://example.com/hook", Status = CallbackStatus.Delivered, WebhookId = "msg_2" });
        foreach (var entry in new[] { queued, running, owesCallback, done }) await index.UpsertAsync(entry, CancellationToken.None);
        await index.UpsertAsync(running with { Item = running.Item with { Status = JobStatus.Completed } }, CancellationToken.None);

        var pending = await ToListAsync(index.PendingAsync(CancellationToken.None));

        Assert.Equal([owesCallback.JobId, queued.JobId], pending.Select(p => p.JobId));
    }

    [Fact]
    public async Task RebuildAsync_HoldsExactlyTheGivenEntries()
    {
        var index = CreateSut();
        var stale = Entry(T0, JobStatus.Running);
        var kept = Entry(T0.AddSeconds(1), JobStatus.Queued);
        await index.UpsertAsync(stale, CancellationToken.None);
        await index.UpsertAsync(kept, CancellationToken.None);
        var finished = stale with { Item = stale.Item with { Status = JobStatus.Completed } };

        var count = await index.RebuildAsync(ToAsync([finished, kept]), CancellationToken.None);

        Assert.Equal(2, count);
        Assert.Equal([finished.JobId], (await index.ListAsync(new JobFilter { Status = JobStatus.Completed }, 10, null, CancellationToken.None)).Jobs.Select(j => j.JobId));
        Assert.Empty((await index.ListAsync(new JobFilter { Status = JobStatus.Running }, 10, null, CancellationToken.None)).Jobs);
        Assert.Equal(2, (await index.StatsAsync(JobFilter.None, CancellationToken.None)).Total);
    }

    public static TheoryData<string> Filters => [.. FilterCases.Keys];

    /// <summary>Every filter the API has (and run_id): the index's pages and stats equal a brute-force pass over the same entries.</summary>
    [Theory]
    [MemberData(nameof(Filters))]
    public async Task ListAndStats_AnyFilter_SameAsBruteForce(string name)
    {
        var index = CreateSut();
        var entries = RandomEntries(48);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        // Rewrite a third of them with a new status and score, as workers do.
        var random = new Random(7);
        for (var i = 0; i < entries.Count; i += 3)
        {
            var status = random.Next(2) == 0 ? JobStatus.Failed : JobStatus.Completed;
            entries[i] = entries[i] with { Item = entries[i].Item with { Status = status, WeightedScore = status == JobStatus.Failed ? null : Math.Round(random.NextDouble(), 3) } };
            await index.UpsertAsync(entries[i], CancellationToken.None);
        }

        var filter = FilterCases[name];
        var expected = entries.Where(e => filter.Matches(e.Item) && (filter.RunId is null || e.RunId == filter.RunId)).ToList();

        var pages = await AllPagesAsync(index, filter, 5);
        var stats = await index.StatsAsync(filter, CancellationToken.None);

        Assert.Equal(expected.Select(e => e.JobId).Order(StringComparer.Ordinal), pages.SelectMany(p => p));
        Assert.NotEmpty(expected);
        var builder = new JobStatsBuilder();
        foreach (var entry in expected) builder.Add(entry.Item);
        AssertSameStats(builder.Build(), stats);
    }

    protected static readonly Dictionary<string, JobFilter> FilterCases = new(StringComparer.Ordinal)
    {
        ["none"] = JobFilter.None,
        ["status"] = new() { Status = JobStatus.Completed },
        ["whole days"] = new() { Since = T0.AddDays(1), Until = T0.AddDays(3) },
        ["status and whole days"] = new() { Status = JobStatus.Completed, Since = T0.AddDays(1), Until = T0.AddDays(3) },
        ["hours"] = new() { Since = T0.AddHours(30), Until = T0.AddHours(80) },
        ["tag"] = new() { Tags = [new("app", "faq")] },
        ["two tags"] = new() { Tags = [new("app", "faq"), new("env", "prod")] },
        ["status, dates and a tag"] = new() { Status = JobStatus.Completed, Since = T0.AddHours(12), Until = T0.AddDays(4), Tags = [new("app", "faq")] },
        ["text"] = new() { Text = "ALPHA" },
        ["metric"] = new() { Metric = "bleu" },
        ["score range"] = new() { MinScore = 0.3, MaxScore = 0.7 },
        ["run"] = new() { RunId = "run-a" },
        ["run and status"] = new() { RunId = "run-b", Status = JobStatus.Completed },
        ["live"] = new() { Source = JobSource.Live },
        ["runs"] = new() { Source = JobSource.Run },
        ["live and status"] = new() { Source = JobSource.Live, Status = JobStatus.Completed },
        ["live, status and whole days"] = new() { Source = JobSource.Live, Status = JobStatus.Completed, Since = T0.AddDays(1), Until = T0.AddDays(3) },
        ["runs and whole days"] = new() { Source = JobSource.Run, Since = T0.AddDays(1), Until = T0.AddDays(4) },
        ["runs and a tag"] = new() { Source = JobSource.Run, Tags = [new("app", "faq")] },
        ["live and a tag"] = new() { Source = JobSource.Live, Tags = [new("app", "support")] },
        ["tag and whole days"] = new() { Since = T0.AddDays(1), Until = T0.AddDays(3), Tags = [new("app", "faq")] },
        ["tag, status, runs and whole days"] = new() { Status = JobStatus.Completed, Source = JobSource.Run, Since = T0.AddDays(1), Until = T0.AddDays(4), Tags = [new("app", "faq")] },
        ["not an aggregated tag"] = new() { Tags = [new("env", "prod")] },
    };

    /// <summary>The filters stats answer from aggregates: none, days, a status, a source, and at most one app tag.</summary>
    public static TheoryData<string> AggregateFilters => ["none", "tag", "tag and whole days", "status and whole days", "live, status and whole days", "tag, status, runs and whole days", "live and a tag"];

    /// <summary>
    /// Jobs written as workers write them (queued, running, then completed or failed, some written twice), some deleted:
    /// stats from the aggregates equal a pass over the jobs left.
    /// </summary>
    [Theory]
    [MemberData(nameof(AggregateFilters))]
    public async Task StatsAsync_StatusTransitionsAndDeletes_SameAsScan(string name)
    {
        var index = CreateSut();
        var random = new Random(11);
        var entries = RandomEntries(40);
        var final = new List<JobIndexEntry>();
        foreach (var entry in entries)
        {
            var queued = entry with { Item = entry.Item with { Status = JobStatus.Queued, WeightedScore = null, Scores = entry.Item.Scores.ToDictionary(s => s.Key, _ => (double?)null) } };
            await index.UpsertAsync(queued, CancellationToken.None);
            await index.UpsertAsync(queued with { Item = queued.Item with { Status = JobStatus.Running } }, CancellationToken.None);
            var done = entry with { Item = entry.Item with { Status = random.Next(4) == 0 ? JobStatus.Failed : JobStatus.Completed } };
            await index.UpsertAsync(done, CancellationToken.None);
            if (random.Next(3) == 0) await index.UpsertAsync(done, CancellationToken.None);
            if (random.Next(5) == 0) await index.RemoveAsync(done.JobId, CancellationToken.None);
            else final.Add(done);
        }

        var filter = FilterCases[name];
        var builder = new JobStatsBuilder();
        foreach (var entry in final.Where(e => filter.Matches(e.Item))) builder.Add(entry.Item);

        var stats = await index.StatsAsync(filter, CancellationToken.None);

        Assert.NotEqual(0, builder.Build().Total);
        AssertSameStats(builder.Build(), stats);
    }

    [Fact]
    public async Task RebuildAsync_AfterDeletesAndChanges_StatsSameAsScan()
    {
        var index = CreateSut();
        var entries = RandomEntries(30);
        foreach (var entry in entries) await index.UpsertAsync(entry, CancellationToken.None);
        var kept = entries.Where((_, i) => i % 4 != 0).Select(e => e with { Item = e.Item with { Status = JobStatus.Completed, WeightedScore = 0.6 } }).ToList();

        await index.RebuildAsync(ToAsync(kept), CancellationToken.None);

        foreach (var filter in new[] { JobFilter.None, FilterCases["tag"], FilterCases["tag and whole days"] })
        {
            var builder = new JobStatsBuilder();
            foreach (var entry in kept.Where(e => filter.Matches(e.Item))) builder.Add(entry.Item);
            AssertSameStats(builder.Build(), await index.StatsAsync(filter, CancellationToken.None));
        }
    }

    protected static List<JobIndexEntry> RandomEntries(int count)
    {
        var random = new Random(42);
        var statuses = new[] { JobStatus.Queued, JobStatus.Running, JobStatus.Completed, JobStatus.Completed, JobStatus.Failed };
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var status = statuses[random.Next(statuses.Length)];
            var scores = new Dictionary<string, double?> { ["token_f1"] = Math.Round(random.NextDouble(), 3) };
            if (i % 2 == 0) scores["bleu"] = i % 4 == 0 ? null : Math.Round(random.NextDouble(), 3);
            return Entry(
                T0.AddMinutes(random.Next(5 * 24 * 60)).AddMilliseconds(random.Next(1000)),
                status,
                status == JobStatus.Completed ? Math.Round(random.NextDouble(), 3) : null,
                (i % 3 == 0 ? "Alpha question " : "beta 问题 ") + i,
                new() { ["app"] = i % 2 == 0 ? "faq" : "support", ["env"] = i % 3 == 0 ? "prod" : "dev" },
                scores,
                i % 4 == 0 ? "run-a" : i % 4 == 1 ? "run-b" : null);
        })];
    }

    protected static void AssertSameStats(JobStats expected, JobStats actual)
    {
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.ByStatus.OrderBy(s => s.Key), actual.ByStatus.OrderBy(s => s.Key));
        AssertClose(expected.MeanWeightedScore, actual.MeanWeightedScore);
        Assert.Equal(expected.Histogram.Select(b => b.Count), actual.Histogram.Select(b => b.Count));
        Assert.Equal(expected.Daily.Select(d => (d.Date, d.Count)), actual.Daily.Select(d => (d.Date, d.Count)));
        foreach (var (e, a) in expected.Daily.Zip(actual.Daily)) AssertClose(e.MeanWeightedScore, a.MeanWeightedScore);
        Assert.Equal(expected.Metrics.Keys.Order(StringComparer.Ordinal), actual.Metrics.Keys.Order(StringComparer.Ordinal));
        foreach (var (metric, e) in expected.Metrics)
        {
            Assert.Equal(e.Count, actual.Metrics[metric].Count);
            AssertClose(e.Mean, actual.Metrics[metric].Mean);
        }

        Assert.False(actual.Truncated);
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e) Assert.Equal(e, actual!.Value, 5);
    }

    protected static async Task<List<List<string>>> AllPagesAsync(IJobIndex index, JobFilter filter, int limit)
    {
        var pages = new List<List<string>>();
        string? after = null;
        do
        {
            var page = await index.ListAsync(filter, limit, after, CancellationToken.None);
            Assert.True(page.Jobs.Count <= limit);
            pages.Add([.. page.Jobs.Select(j => j.JobId)]);
            if (page.NextCursor is null) break;
            Assert.True(JobCursor.TryDecode(page.NextCursor, out after));
        }
        while (pages.Count < 1000);

        return pages;
    }

    [Fact]
    public async Task RunTallyAsync_RepeatedAndChangingWrites_CountEachJobOnceInItsCurrentState()
    {
        var index = CreateSut();
        var run = JobId.New(T0);
        var scores = new Dictionary<string, double?> { ["token_f1"] = null };
        var a = Entry(T0, JobStatus.Queued, score: null, scores: scores, runId: run);
        var b = Entry(T0.AddSeconds(1), JobStatus.Queued, score: null, scores: scores, runId: run);
        await index.UpsertAsync(a, CancellationToken.None);
        await index.UpsertAsync(b, CancellationToken.None);
        await index.UpsertAsync(a, CancellationToken.None);

        var queued = await index.RunTallyAsync(run, CancellationToken.None);
        Assert.Equal(2, queued.CountOf(JobStatus.Queued));
        Assert.Equal(2, queued.Total);

        var done = a with { Item = a.Item with { Status = JobStatus.Completed, WeightedScore = 0.8, Scores = new Dictionary<string, double?> { ["token_f1"] = 0.8 } } };
        await index.UpsertAsync(done, CancellationToken.None);
        await index.UpsertAsync(done, CancellationToken.None); // a redelivery writes the same entry again
        var failed = b with { Item = b.Item with { Status = JobStatus.Failed, Error = "no metric" } };
        await index.UpsertAsync(failed, CancellationToken.None);

        var tally = await index.RunTallyAsync(run, CancellationToken.None);
        Assert.Equal(0, tally.CountOf(JobStatus.Queued));
        Assert.Equal(1, tally.CountOf(JobStatus.Completed));
        Assert.Equal(1, tally.CountOf(JobStatus.Failed));
        var f1 = tally.Metrics["token_f1"];
        Assert.Equal(1, f1.N);
        Assert.Equal(0.8, f1.Sum, 9);
        Assert.Equal(new Dictionary<int, long> { [800] = 1 }, f1.Bins);
        Assert.Equal(1, tally.Metrics[RunTally.WeightedScore].N);

        // Another run, and a job of no run, are not counted.
        await index.UpsertAsync(Entry(T0.AddSeconds(2), runId: JobId.New(T0)), CancellationToken.None);
        await index.UpsertAsync(Entry(T0.AddSeconds(3)), CancellationToken.None);
        Assert.Equal(2, (await index.RunTallyAsync(run, CancellationToken.None)).Total);

        await index.RemoveAsync(done.JobId, CancellationToken.None);
        var removed = await index.RunTallyAsync(run, CancellationToken.None);
        Assert.Equal(1, removed.Total);
        Assert.DoesNotContain(removed.Metrics, m => m.Value.N != 0);
    }

    [Fact]
    public async Task RunTallyAsync_FlakyMetrics_CountedOnceAndTakenOutWithTheEntry()
    {
        var index = CreateSut();
        var run = JobId.New(T0);
        var scores = new Dictionary<string, double?> { ["faithfulness"] = 0.6, ["overall_quality"] = 0.5 };
        var a = Entry(T0, JobStatus.Completed, score: 0.55, scores: scores, runId: run);
        a = a with { Item = a.Item with { FlakyMetrics = ["faithfulness"] } };
        var b = Entry(T0.AddSeconds(1), JobStatus.Completed, score: 0.55, scores: scores, runId: run);
        b = b with { Item = b.Item with { FlakyMetrics = ["faithfulness", "overall_quality"] } };
        await index.UpsertAsync(a, CancellationToken.None);
        await index.UpsertAsync(b, CancellationToken.None);
        await index.UpsertAsync(a, CancellationToken.None); // a redelivery

        var tally = await index.RunTallyAsync(run, CancellationToken.None);
        Assert.Equal((2L, 1L), (tally.Metrics["faithfulness"].Flaky, tally.Metrics["overall_quality"].Flaky));

        await index.UpsertAsync(b with { Item = b.Item with { FlakyMetrics = null } }, CancellationToken.None);
        await index.RemoveAsync(a.JobId, CancellationToken.None);
        var after = await index.RunTallyAsync(run, CancellationToken.None);
        Assert.Equal(0, after.Metrics.GetValueOrDefault("faithfulness")?.Flaky ?? 0);
        Assert.Equal(0, after.Metrics.GetValueOrDefault("overall_quality")?.Flaky ?? 0);
    }

    [Fact]
    public async Task RunTallyAsync_ManyJobsWrittenAtOnce_EqualsARecountOfTheirEntries()
    {
        var index = CreateSut();
        var run = JobId.New(T0);
        var entries = Enumerable.Range(0, 60).Select(i => Entry(T0.AddMilliseconds(i), JobStatus.Queued, score: null, runId: run)).ToList();
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (e, ct) => await index.UpsertAsync(e, ct));
        var finished = entries.Select((e, i) => e with
        {
            Item = e.Item with
            {
                Status = i % 5 == 0 ? JobStatus.Failed : JobStatus.Completed,
                WeightedScore = i % 5 == 0 ? null : i / 60.0,
                Scores = new Dictionary<string, double?> { ["exact_match"] = i % 5 == 0 ? null : (i % 2) },
            },
        }).ToList();
        // Each finish written twice, concurrently, as at-least-once delivery may.
        await Parallel.ForEachAsync(finished.Concat(finished), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (e, ct) => await index.UpsertAsync(e, ct));

        var tally = await index.RunTallyAsync(run, CancellationToken.None);

        Assert.Equal(12, tally.CountOf(JobStatus.Failed));
        Assert.Equal(48, tally.CountOf(JobStatus.Completed));
        Assert.Equal(60, tally.Total);
        var weighted = finished.Select(e => e.Item.WeightedScore).OfType<double>().ToList();
        Assert.Equal(weighted.Count, tally.Metrics[RunTally.WeightedScore].N);
        Assert.Equal(weighted.Sum(), tally.Metrics[RunTally.WeightedScore].Sum, 9);
        Assert.Equal(24, tally.Metrics["exact_match"].Bins[1000]);
        var listed = (await index.ListAsync(new JobFilter { RunId = run }, 500, null, CancellationToken.None)).Jobs;
        Assert.Equal(entries.Select(e => e.JobId).Order(StringComparer.Ordinal), listed.Select(j => j.JobId).Order(StringComparer.Ordinal));
    }

    protected static async Task<List<JobListItem>> ToListAsync(IAsyncEnumerable<JobListItem> items)
    {
        var list = new List<JobListItem>();
        await foreach (var item in items) list.Add(item);
        return list;
    }

    protected static async IAsyncEnumerable<JobIndexEntry> ToAsync(IEnumerable<JobIndexEntry> entries)
    {
        foreach (var entry in entries)
        {
            await Task.Yield();
            yield return entry;
        }
    }
}
