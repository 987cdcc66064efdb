using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Index;
using ScoreJobs.Index.Sqlite;
using ScoreJobs.Jobs;
using ScoreJobs.Judge;
using ScoreJobs.Labels;
using ScoreJobs.Records;
using Xunit.Abstractions;

namespace ScoreJobs.Statistics;

/// <summary>
/// A fixed data set through the real SQLite index: 6,000 labelled jobs (so the bootstrap draws fewer than its 1,000
/// resamples), tied scores on both sides, two judge models, and a second rater on every fourth job. The pinned
/// figures were printed by the code before the agreement route was made fast, so a change to how the figures are
/// computed that moves any of them fails here. The intervals were printed by the bootstrap of that time, which drew
/// its resamples from <see cref="Random"/> in job order; the bootstrap now draws from its own generator in a canonical
/// order, so its ends are other Monte Carlo estimates of the same percentiles and are held within
/// <see cref="IntervalTolerance"/> of those.
/// </summary>
public sealed class AgreementServiceTests(ITestOutputHelper output) : IDisposable
{
    private const int Jobs = 6_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task<(AgreementService Service, SqliteJobIndex Index)> CreateSutAsync(TimeProvider? time = null)
    {
        var index = new SqliteJobIndex(Path.Combine(_folder, SqliteJobIndex.FileName), TestLogger.For<SqliteJobIndex>());
        var random = new Random(11);
        var entries = new List<JobIndexEntry>();
        var labels = new List<JobLabels>();
        for (var i = 0; i < Jobs; i++)
        {
            var judge = Math.Round(random.NextDouble(), 1);
            var human = Math.Clamp(Math.Round((judge + ((random.NextDouble() - 0.5) * 0.8)) * 20) / 20, 0, 1);
            var id = $"job-{i:D5}";
            entries.Add(new JobIndexEntry
            {
                Item = new JobListItem
                {
                    JobId = id,
                    Status = JobStatus.Completed,
                    CreatedAt = T0.AddSeconds(-i),
                    RequestSummary = new RequestSummary { Question = "q", Metrics = ["faithfulness"], JudgeModel = i % 3 == 0 ? "gpt-4o" : null },
                    Scores = new Dictionary<string, double?> { ["faithfulness"] = judge },
                    WeightedScore = judge,
                    PromptVersion = i % 5 == 0 ? "v2" : "v1",
                },
            });
            List<JobLabel> jobLabels = [Label("ana", human)];
            if (i % 4 == 0) jobLabels.Add(Label("bo", Math.Clamp(human + (random.NextDouble() < 0.3 ? 0.3 : 0), 0, 1)));
            labels.Add(new JobLabels(id, jobLabels));
        }

        await index.AddManyAsync(entries, CancellationToken.None);
        await index.AddManyLabelsAsync(labels, CancellationToken.None);
        return (new AgreementService(index, Options.Create(new JudgeOptions { Model = "gpt-4o-mini" }), time ?? TimeProvider.System), index);
    }

    private static JobLabel Label(string rater, double value) => new()
    {
        Rater = rater,
        Scores = new Dictionary<string, double> { ["faithfulness"] = value },
        Rating = value >= 0.5 ? "good" : "bad",
        UpdatedAt = T0,
    };

    // Printed by the code before the route was made fast (commit d6eea2c), with System.Text.Json's default names.
    private const string Faithfulness = """
        {"Metric":"faithfulness","Threshold":0.5,"N":6000,"Pearson":0.7813521807729098,"Spearman":0.7831362354915984,"MeanAbsError":0.17175000000000035,"Kappa":0.6093772246821332,"Accuracy":0.8056666666666666,"Confusion":{"Tp":2632,"Fp":617,"Fn":549,"Tn":2202},"Ci95":{"Spearman":[0.7755616190666316,0.7908924795303213],"Kappa":[0.5901481198062556,0.6286669847781293]},"ByJudge":[{"JudgeModel":"gpt-4o-mini","PromptVersion":"v1","N":3200,"Spearman":0.7856045401123328,"Kappa":0.6144862747067835},{"JudgeModel":"gpt-4o","PromptVersion":"v1","N":1600,"Spearman":0.7790511586599128,"Kappa":0.5988183948034446},{"JudgeModel":"gpt-4o-mini","PromptVersion":"v2","N":800,"Spearman":0.7874106301471421,"Kappa":0.6016538926986689},{"JudgeModel":"gpt-4o","PromptVersion":"v2","N":400,"Spearman":0.7695836190451218,"Kappa":0.6255060728744938}],"Raters":{"Count":2,"KappaBetweenRaters":0.8606179361711341},"Disagreements":[{"JobId":"job-00108","Judge":0.2,"Human":0.75,"Delta":-0.55},{"JobId":"job-02076","Judge":0.2,"Human":0.75,"Delta":-0.55},{"JobId":"job-03576","Judge":0.2,"Human":0.75,"Delta":-0.55},{"JobId":"job-05760","Judge":0.2,"Human":0.75,"Delta":-0.55},{"JobId":"job-00604","Judge":0.4,"Human":0.9,"Delta":-0.5},{"JobId":"job-00916","Judge":0.2,"Human":0.7000000000000001,"Delta":-0.5},{"JobId":"job-03796","Judge":0.1,"Human":0.6,"Delta":-0.5},{"JobId":"job-04468","Judge":0.4,"Human":0.9,"Delta":-0.5},{"JobId":"job-04868","Judge":0.3,"Human":0.8,"Delta":-0.5},{"JobId":"job-04876","Judge":0.2,"Human":0.7000000000000001,"Delta":-0.5},{"JobId":"job-00024","Judge":0.4,"Human":0.875,"Delta":-0.475},{"JobId":"job-01092","Judge":0.4,"Human":0.875,"Delta":-0.475},{"JobId":"job-02600","Judge":0.4,"Human":0.875,"Delta":-0.475},{"JobId":"job-04912","Judge":0.4,"Human":0.875,"Delta":-0.475},{"JobId":"job-00016","Judge":0.1,"Human":0.55,"Delta":-0.45000000000000007},{"JobId":"job-05512","Judge":0.1,"Human":0.55,"Delta":-0.45000000000000007},{"JobId":"job-00116","Judge":0.3,"Human":0.75,"Delta":-0.45},{"JobId":"job-00204","Judge":0.2,"Human":0.65,"Delta":-0.45},{"JobId":"job-00552","Judge":0.2,"Human":0.65,"Delta":-0.45},{"JobId":"job-00792","Judge":0.2,"Human":0.65,"Delta":-0.45}]}
        """;

    private const string Rating = """
        {"Metric":"rating","Threshold":0.5,"N":6000,"Pearson":0.6870315344216361,"Spearman":0.6886297146429083,"MeanAbsError":0.29641666666666455,"Kappa":0.6017107312617818,"Accuracy":0.8021666666666667,"Confusion":{"Tp":2650,"Fp":599,"Fn":588,"Tn":2163},"Ci95":{"Spearman":[0.6762386504341432,0.7008246550531412],"Kappa":[0.581879319513487,0.6205847188709284]},"ByJudge":[{"JudgeModel":"gpt-4o-mini","PromptVersion":"v1","N":3200,"Spearman":0.6895978721498508,"Kappa":0.6031474620069512},{"JudgeModel":"gpt-4o","PromptVersion":"v1","N":1600,"Spearman":0.6865698542299656,"Kappa":0.594272076372315},{"JudgeModel":"gpt-4o-mini","PromptVersion":"v2","N":800,"Spearman":0.6847682345662741,"Kappa":0.6014428776833236},{"JudgeModel":"gpt-4o","PromptVersion":"v2","N":400,"Spearman":0.6961293794547094,"Kappa":0.620253164556962}],"Raters":{"Count":2,"KappaBetweenRaters":0.8606179361711341},"Disagreements":[{"JobId":"job-00500","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-00585","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-00597","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-00813","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-01651","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-02495","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-02732","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-03383","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-03522","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-04025","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-04079","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-04141","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-04349","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-05335","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-05543","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-05896","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-05927","Judge":0.1,"Human":1,"Delta":-0.9},{"JobId":"job-00017","Judge":0.2,"Human":1,"Delta":-0.8},{"JobId":"job-00050","Judge":0.8,"Human":0,"Delta":0.8},{"JobId":"job-00108","Judge":0.2,"Human":1,"Delta":-0.8}]}
        """;

    // About four standard errors of the difference between two estimates of a 2.5 % or 97.5 % point from 833
    // resamples here (kappa's bootstrap spread is about 0.01, so one estimate's error is about 0.001); an interval that
    // came out twice as wide or shifted by a tenth of its width would be well outside it.
    private const double IntervalTolerance = 0.005;

    [Theory]
    [InlineData("faithfulness", Faithfulness)]
    [InlineData("rating", Rating)]
    public async Task ComputeAsync_FixedDataSet_SameFiguresAsBeforeAndIntervalsWithinMonteCarloError(string metric, string expected)
    {
        var (service, index) = await CreateSutAsync();
        using (index)
        {
            var report = await service.ComputeAsync(JobFilter.None, metric, 0.5, null, CancellationToken.None);

            var actual = JsonSerializer.Serialize(report);
            output.WriteLine(actual);
            var expectedJson = JsonDocument.Parse(expected).RootElement;
            AssertSameJson(expectedJson, JsonDocument.Parse(actual).RootElement, "$");
            var before = expectedJson.GetProperty("Ci95");
            AssertNear(before.GetProperty("Spearman"), report.Ci95.Spearman!, report.Spearman!.Value);
            AssertNear(before.GetProperty("Kappa"), report.Ci95.Kappa!, report.Kappa!.Value);
        }
    }

    private static void AssertNear(JsonElement before, IReadOnlyList<double> interval, double figure)
    {
        Assert.InRange(interval[0], before[0].GetDouble() - IntervalTolerance, before[0].GetDouble() + IntervalTolerance);
        Assert.InRange(interval[1], before[1].GetDouble() - IntervalTolerance, before[1].GetDouble() + IntervalTolerance);
        Assert.InRange(figure, interval[0], interval[1]);
    }

    [Fact]
    public async Task ComputeAsync_AskedAgainWithNothingLabelledChanged_TheKeptReport()
    {
        var (service, index) = await CreateSutAsync();
        using (index)
        {
            var first = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);
            // An unlabelled job scored meanwhile (live traffic) changes no labelled pair.
            await index.UpsertAsync(Entry("job-unlabelled", 0.3), CancellationToken.None);

            Assert.Same(first, await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None));
            Assert.NotSame(first, await service.ComputeAsync(JobFilter.None, "faithfulness", 0.7, null, CancellationToken.None));
            Assert.NotSame(first, await service.ComputeAsync(new JobFilter { Tags = [new("app", "faq")] }, "faithfulness", 0.5, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ComputeAsync_LabelWrittenSinceTheLastCall_ComputedAgain()
    {
        var (service, index) = await CreateSutAsync();
        using (index)
        {
            var before = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);
            await index.SetLabelsAsync("job-00001", [Label("ana", 0), Label("cy", 1)], CancellationToken.None);

            var after = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);

            Assert.Equal(3, after.Raters.Count);
            Assert.Equal(2, before.Raters.Count);
        }
    }

    [Fact]
    public async Task ComputeAsync_LabelledJobRescoredOrDeleted_ComputedAgain()
    {
        var (service, index) = await CreateSutAsync();
        using (index)
        {
            var before = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);
            await index.UpsertAsync(Entry("job-00002", 0.95), CancellationToken.None);
            var rescored = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);
            await index.RemoveAsync("job-00003", CancellationToken.None);
            var deleted = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);

            Assert.NotEqual(before.MeanAbsError, rescored.MeanAbsError);
            Assert.Equal(Jobs, rescored.N);
            Assert.Equal(Jobs - 1, deleted.N);
        }
    }

    [Fact]
    public async Task ComputeAsync_KeptLongerThanKeptFor_ComputedAgain()
    {
        var time = new FakeTimeProvider(T0);
        var (service, index) = await CreateSutAsync(time);
        using (index)
        {
            var first = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);
            time.Advance(AgreementService.KeptFor - TimeSpan.FromSeconds(1));
            Assert.Same(first, await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None));
            time.Advance(TimeSpan.FromSeconds(1));

            var again = await service.ComputeAsync(JobFilter.None, "faithfulness", 0.5, null, CancellationToken.None);

            Assert.NotSame(first, again);
            Assert.Equal(first.Spearman, again.Spearman);
        }
    }

    private static JobIndexEntry Entry(string id, double judge) => new()
    {
        Item = new JobListItem
        {
            JobId = id,
            Status = JobStatus.Completed,
            CreatedAt = T0,
            RequestSummary = new RequestSummary { Question = "q", Metrics = ["faithfulness"] },
            Scores = new Dictionary<string, double?> { ["faithfulness"] = judge },
            WeightedScore = judge,
            PromptVersion = "v1",
        },
    };

    // Numbers within 1e-12 (a sum taken in another order may move the last bits), everything else exactly; the
    // intervals are held apart (AssertNear).
    private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
    {
        if (path == "$.Ci95") return;
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: {expected} expected, got {actual}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(expected.EnumerateObject().Select(p => p.Name), actual.EnumerateObject().Select(p => p.Name));
                foreach (var property in expected.EnumerateObject()) AssertSameJson(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: {expected.GetArrayLength()} items expected, got {actual.GetArrayLength()}");
                foreach (var (e, a, i) in expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((p, i) => (p.First, p.Second, i))) AssertSameJson(e, a, $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                Assert.True(Math.Abs(expected.GetDouble() - actual.GetDouble()) <= 1e-12, $"{path}: {expected} expected, got {actual}");
                break;
            default:
                Assert.True(expected.ToString() == actual.ToString(), $"{path}: {expected} expected, got {actual}");
                break;
        }
    }
}
