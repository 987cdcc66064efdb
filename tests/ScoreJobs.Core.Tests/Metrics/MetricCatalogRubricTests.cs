using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Hosting;
using ScoreJobs.Judge;
using ScoreJobs.Requests;
using ScoreJobs.Rubrics;
using ScoreJobs.Scoring;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Metrics;

/// <summary>Rubrics through the catalog as AddScoreJobs wires it (rubric folder, judge cache in the jobs folder), against the fake judge.</summary>
public sealed class MetricCatalogRubricTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    private static readonly RubricDefinition Inline = new()
    {
        Name = "politeness", Criteria = "Is the answer polite?", Steps = ["Look at the tone."], Scale = RubricScale.OneToFive,
    };

    private string Rubrics => Directory.CreateDirectory(Path.Combine(_root, "rubrics")).FullName;

    [Fact]
    public async Task Select_InlineRubricNamedInMetrics_ScoredWithItsPromptVersion()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var outcome = await ScoreAsync(provider, Request(["politeness", "overall_quality"], Inline));

        Assert.Equal(1.0, outcome.Scores["politeness"]);
        Assert.Equal(Inline.PromptVersion, outcome.Details["politeness"].PromptVersion);
        Assert.NotNull(outcome.Scores["overall_quality"]);
    }

    [Fact]
    public async Task Select_MetricsOmitted_BuiltInsAndTheRequestsOwnRubrics()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var selection = Catalog(provider).Select(Request(null, Inline), new RequestErrors())!;

        Assert.Contains("politeness", selection.Effective.Select(m => m.Name));
        Assert.Contains("faithfulness", selection.Effective.Select(m => m.Name));
    }

    [Fact]
    public async Task Select_RubricChanged_NewPromptVersionAndNoCacheHit()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        await ScoreAsync(provider, Request(["politeness"], Inline));
        var again = await ScoreAsync(provider, Request(["politeness"], Inline));
        var changed = Inline with { Criteria = "Is the answer polite and warm?" };
        var afterChange = await ScoreAsync(provider, Request(["politeness"], changed));

        Assert.Equal((0, 1), (again.Usage.JudgeCalls, again.Usage.CacheHits));
        Assert.Equal((1, 0), (afterChange.Usage.JudgeCalls, afterChange.Usage.CacheHits));
        Assert.NotEqual(again.Details["politeness"].PromptVersion, afterChange.Details["politeness"].PromptVersion);
        Assert.Equal(2, server.ChatRequestCount);
    }

    [Fact]
    public async Task Select_InlineTakesABuiltInName_ErrorNamesTheRubric()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        var errors = new RequestErrors();

        var selection = Catalog(provider).Select(Request(["faithfulness"], Inline with { Name = "faithfulness" }), errors);

        Assert.Null(selection);
        Assert.Contains("built-in metric", errors.ToDictionary()["rubrics[0].name"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Select_ServerRubricFileThenInlineWithAnotherDefinition_Clash()
    {
        await File.WriteAllTextAsync(Path.Combine(Rubrics, "politeness.json"), """{"name": "politeness", "criteria": "Server's own.", "scale": "binary"}""");
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        var errors = new RequestErrors();

        var clash = Catalog(provider).Select(Request(["politeness"], Inline), errors);
        var same = Catalog(provider).Select(Request(["politeness"], Catalog(provider).ServerRubrics["politeness"]), new RequestErrors());

        Assert.Null(clash);
        Assert.Contains("server-wide rubric", errors.ToDictionary()["rubrics[0].name"][0], StringComparison.Ordinal);
        Assert.NotNull(same);
    }

    [Fact]
    public async Task Definitions_ServerRubricFile_ListedAsRubricAndScoredByName()
    {
        await File.WriteAllTextAsync(Path.Combine(Rubrics, "no_refund.json"),
            """{"name": "no_refund", "criteria": "Never promises a refund.", "scale": "binary", "description": "No refund promises.", "weight": 2}""");
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);

        var entry = Catalog(provider).Definitions.Single(d => d.Name == "no_refund");
        var outcome = await ScoreAsync(provider, Request(["no_refund"]));

        Assert.Equal((MetricDefinition.Rubric, "No refund promises.", 2.0), (entry.Kind, entry.Description, entry.DefaultWeight));
        Assert.True(Catalog(provider).IsAvailable("no_refund"));
        Assert.Equal(1.0, outcome.Scores["no_refund"]);
        Assert.Equal("binary", outcome.Details["no_refund"].Scale!.Kind);
    }

    [Fact]
    public async Task Definitions_RubricFileAddedLater_ListedWithinTheRefreshPeriod()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var provider = CreateSut(server);
        Assert.DoesNotContain(Catalog(provider).Definitions, d => d.Name == "no_refund");

        await File.WriteAllTextAsync(Path.Combine(Rubrics, "no_refund.json"), """{"name": "no_refund", "criteria": "Never promises a refund.", "scale": "binary"}""");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains(Catalog(provider).Definitions, d => d.Name == "no_refund");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static MetricCatalog Catalog(ServiceProvider provider) => provider.GetRequiredService<MetricCatalog>();

    private static ScoreRequest Request(IReadOnlyList<string>? metrics, params RubricDefinition[] rubrics) =>
        TestJudge.ScoreRequest() with { Metrics = metrics, Rubrics = rubrics.Length == 0 ? null : rubrics };

    private static Task<ScoreOutcome> ScoreAsync(ServiceProvider provider, ScoreRequest request) =>
        provider.GetRequiredService<Scorer>().ScoreAsync(request, Catalog(provider).Select(request, new RequestErrors())!, CancellationToken.None);

    private ServiceProvider CreateSut(FakeOpenAIServer server)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = Path.Combine(_root, "jobs"),
            ["ScoreJobs:Rubrics:Path"] = Rubrics,
            ["ScoreJobs:Judge:Endpoint"] = server.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = TestJudge.Model,
            ["ScoreJobs:Judge:MaxRetries"] = "0",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time);
        services.AddScoreJobs(configuration);
        return services.BuildServiceProvider();
    }
}
