using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScoreJobs.Cli.EndToEnd;

/// <summary>
/// End to end: the CLI's entry point in-process against the real server on Kestrel, scoring with the offline metrics
/// (no judge configured). Filter: <c>dotnet test --filter Category=EndToEnd</c> (or <c>Category!=EndToEnd</c>).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CliAgainstServerTests : IClassFixture<CliAgainstServerTests.Fixture>
{
    private const string Metrics = "exact_match,token_f1";
    private readonly string _url;

    public CliAgainstServerTests(Fixture fixture) => _url = fixture.Server.Url;

    private static string Jsonl(params (string Id, string Answer)[] samples) => string.Join('\n', samples.Select(s =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["id"] = s.Id, ["question"] = $"What is {s.Id}?", ["answer"] = s.Answer, ["ground_truth"] = "the quick brown fox",
        }))) + "\n";

    [Fact]
    public async Task Run_JsonlWithOfflineMetricsAndWait_PrintsTheAggregatesAndExitsZero()
    {
        using var file = new TempFile("qa.jsonl", Jsonl(("a", "the quick brown fox"), ("b", "the quick brown dog"), ("c", "a quick fox")));

        var run = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics, "--threshold", "token_f1=0.5",
            "--name", "e2e", "--tag", "commit=abc123", "--wait");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.ToString());
        Assert.Contains("Submitted run ", run.Out);
        Assert.Contains("completed", run.Out);
        Assert.Matches(@"token_f1\s+│\s+3\s+│", run.Out);
        Assert.Contains("exact_match", run.Out);
        Assert.Contains("weighted_score", run.Out);
        Assert.Contains("PASSED", run.Out);
        Assert.DoesNotContain("\u001b[", run.Out);
    }

    [Fact]
    public async Task Run_CsvThatMissesItsThreshold_ExitsOne()
    {
        using var file = new TempFile("qa.csv", "id,question,answer,ground_truth\n1,Capital of France?,Berlin,Paris\n2,Two plus two?,4,4\n");

        var run = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics, "--threshold", "exact_match=1", "--wait");

        Assert.True(run.ExitCode == ExitCodes.Failed, run.ToString());
        Assert.Contains("FAILED: exact_match mean 0.500 < 1.000", run.Out);
        Assert.Matches(@"exact_match\s+│.*✗ FAIL|exact_match\s+\|.*FAIL", run.Out);
    }

    [Fact]
    public async Task Run_JudgeBelowItsAgreementFloor_ExitsThreeNamingMetricFigureNAndFloor()
    {
        // exact_match scores 1, 0, 1, 0 where people said 0, 1, 0.2, 0.9: at 0.5 they never agree, kappa -1.
        using var file = new TempFile("qa.csv", "id,question,answer,ground_truth,label.exact_match\n1,q1,Paris,Paris,0\n2,q2,Lyon,Paris,1\n3,q3,4,4,0.2\n4,q4,5,4,0.9\n");

        var run = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", "exact_match", "--min-agreement", "exact_match=kappa:0.6", "--wait");

        Assert.True(run.ExitCode == ExitCodes.Untrusted, run.ToString());
        Assert.Contains("UNTRUSTED: the judge's kappa with people on exact_match is -1.000 over n = 4 labelled samples, below the floor 0.60.", run.Out);
    }

    [Fact]
    public async Task Run_JudgeAboveItsAgreementFloor_ExitsZero_AndNoLabelsExitsThree()
    {
        // Ranks 3.5, 1.5, 3.5, 1.5 against 4, 1, 3, 2: Spearman 4 / sqrt(20) = 0.894.
        using var labelled = new TempFile("qa.csv", "id,question,answer,ground_truth,label.exact_match\n1,q1,Paris,Paris,1\n2,q2,Lyon,Paris,0\n3,q3,4,4,0.9\n4,q4,5,4,0.1\n");
        using var unlabelled = new TempFile("plain.jsonl", Jsonl(("a", "the quick brown fox")));

        var agreeing = await CliRun.StartAsync("run", labelled.Path, "--url", _url, "--metrics", "exact_match", "--min-agreement", "exact_match=spearman:0.85", "--wait");
        var unknown = await CliRun.StartAsync("run", unlabelled.Path, "--url", _url, "--metrics", "exact_match", "--min-agreement", "exact_match=spearman:0.5", "--wait");
        var badUsage = await CliRun.StartAsync("run", labelled.Path, "--url", _url, "--min-agreement", "exact_match=f1:0.5", "--wait");

        Assert.True(agreeing.ExitCode == ExitCodes.Passed, agreeing.ToString());
        Assert.True(unknown.ExitCode == ExitCodes.Untrusted, unknown.ToString());
        Assert.Contains("the judge's spearman with people on exact_match cannot be computed (n = 0 labelled samples) against the floor 0.50", unknown.Out);
        Assert.True(badUsage.ExitCode == ExitCodes.Error, badUsage.ToString());
        Assert.Contains("--min-agreement takes METRIC=kappa:FLOOR or METRIC=spearman:FLOOR", badUsage.Error);
    }

    [Fact]
    public async Task Run_SampleWithoutAQuestion_ExitsTwoWithTheServersFieldError()
    {
        using var file = new TempFile("qa.jsonl", Jsonl(("a", "fox")) + """{"answer":"no question here","ground_truth":"x"}""" + "\n");

        var run = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics, "--wait");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("The server refused the run (400", run.Error);
        Assert.Contains("\n  line 2.question: is required", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Run_JsonAndWaitWithJson_PrintsOnlyTheFinalRunRecord()
    {
        using var file = new TempFile("qa.json", """[{"id":"x","question":"q","answer":"same","ground_truth":"same"}]""");

        var run = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics, "--wait", "--json");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.ToString());
        using var record = JsonDocument.Parse(run.Out);
        Assert.Equal("completed", record.RootElement.GetProperty("status").GetString());
        Assert.Equal(1.0, record.RootElement.GetProperty("aggregates").GetProperty("exact_match").GetProperty("mean").GetDouble());
        Assert.Contains("Submitted run", run.Error);
    }

    [Fact]
    public async Task Run_WithoutWait_PrintsTheRunIdAndStatusUrlAndExitsZero()
    {
        using var file = new TempFile("qa.jsonl", Jsonl(("a", "fox")));

        var plain = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics);
        var json = await CliRun.StartAsync("run", file.Path, "--url", _url, "--metrics", Metrics, "--json");

        Assert.True(plain.ExitCode == ExitCodes.Passed, plain.ToString());
        Assert.Matches(@"Submitted run \S+ \(1 sample, queued\)\.", plain.Out);
        Assert.Contains($"Status: {_url}api/score/runs/", plain.Out);
        Assert.True(json.ExitCode == ExitCodes.Passed, json.ToString());
        using var accepted = JsonDocument.Parse(json.Out);
        Assert.False(string.IsNullOrEmpty(accepted.RootElement.GetProperty("run_id").GetString()));
    }

    [Fact]
    public async Task Status_OfASubmittedRun_WaitsForItsEnd()
    {
        var runId = await SubmitAsync(Jsonl(("a", "the quick brown fox")));

        var status = await CliRun.StartAsync("status", runId, "--url", _url, "--wait");

        Assert.True(status.ExitCode == ExitCodes.Passed, status.ToString());
        Assert.Contains($"Run {runId}", status.Out);
        Assert.Contains("PASSED", status.Out);
    }

    [Fact]
    public async Task Status_CtrlCWhileWaiting_StopsWaitingAndSaysHowToResume()
    {
        var runId = await SubmitAsync(Jsonl(("a", "fox")));
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();

        var status = await CliRun.StartAsync(["status", runId, "--url", _url, "--wait"], [], interrupt: interrupt.Token);

        Assert.True(status.ExitCode == ExitCodes.Interrupted, status.ToString());
        Assert.Contains($"scorejobs status {runId} --wait --url {_url}", status.Error);
    }

    [Fact]
    public async Task Status_UnknownRun_ExitsTwo()
    {
        var unknown = await CliRun.StartAsync("status", new string('z', 28), "--url", _url);
        var malformed = await CliRun.StartAsync("status", "not-a-run", "--url", _url);

        Assert.True(unknown.ExitCode == ExitCodes.Error, unknown.ToString());
        Assert.Contains("(404 Not Found)", unknown.Error);
        Assert.True(malformed.ExitCode == ExitCodes.Error, malformed.ToString());
        Assert.Contains("  run_id: is not a run id", malformed.Error);
    }

    [Fact]
    public async Task CancelAndRetry_PrintTheRunAsItIsNow()
    {
        var runId = await SubmitAsync(Jsonl(("a", "the quick brown fox")), wait: true);

        var retry = await CliRun.StartAsync("retry", runId, "--url", _url);
        var cancel = await CliRun.StartAsync("cancel", runId, "--url", _url, "--json");

        Assert.True(retry.ExitCode == ExitCodes.Passed, retry.ToString());
        Assert.Contains($"Run {runId}: retry accepted", retry.Out);
        Assert.Contains("1/1 samples done", retry.Out);
        Assert.True(cancel.ExitCode == ExitCodes.Passed, cancel.ToString());
        using var record = JsonDocument.Parse(cancel.Out);
        // The run had ended: cancelling it changes nothing.
        Assert.False(record.RootElement.GetProperty("cancel_requested").GetBoolean());
        Assert.Equal("completed", record.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Compare_HeadWorseThanBase_ShowsTheRegression()
    {
        var baseRun = await SubmitAsync(Jsonl(("s1", "the quick brown fox"), ("s2", "the quick brown fox")), wait: true);
        var headRun = await SubmitAsync(Jsonl(("s1", "the quick brown fox"), ("s2", "a slow green turtle")), wait: true);

        var compare = await CliRun.StartAsync("compare", baseRun, headRun, "--url", _url);
        var lenient = await CliRun.StartAsync("compare", baseRun, headRun, "--url", _url, "--margin", "1");
        var json = await CliRun.StartAsync("compare", baseRun, headRun, "--url", _url, "--json");

        Assert.True(compare.ExitCode == ExitCodes.Passed, compare.ToString());
        Assert.Matches(@"token_f1\s+│\s+1\.000\s+│\s+0\.500\s+│\s+▼ -0\.500", compare.Out);
        Assert.Matches(@"s2\s+│\s+exact_match\s+│\s+1\.000\s+│\s+0\.000\s+│\s+▼ -1\.000", compare.Out);
        Assert.DoesNotMatch(@"│\s+s1\s+│", compare.Out);
        Assert.Contains("No sample regressed.", lenient.Out);
        using var comparison = JsonDocument.Parse(json.Out);
        Assert.Contains(comparison.RootElement.GetProperty("regressions").EnumerateArray(), r => r.GetProperty("sample_id").ToString() == "s2");
    }

    [Fact]
    public async Task Compare_FailOnWorse_ExitsOneOnlyWhenAMetricIsWorseBeyondNoise()
    {
        var ids = Enumerable.Range(1, 12).Select(i => $"w{i}").ToArray();
        var baseRun = await SubmitAsync(Jsonl([.. ids.Select(id => (id, "the quick brown fox"))]), wait: true);
        var headRun = await SubmitAsync(Jsonl([.. ids.Select(id => (id, "a slow green turtle"))]), wait: true);

        var worse = await CliRun.StartAsync("compare", baseRun, headRun, "--url", _url, "--fail-on-worse");
        var informational = await CliRun.StartAsync("compare", baseRun, headRun, "--url", _url);
        var itself = await CliRun.StartAsync("compare", baseRun, baseRun, "--url", _url, "--fail-on-worse");

        Assert.True(worse.ExitCode == ExitCodes.Failed, worse.ToString());
        Assert.True(Regex.IsMatch(worse.Out, @"exact_match\s+│\s+12\s+│\s+-1\.000\.\.-1\.000\s+│\s+<?0\.001\s+│\s+worse"), worse.Out);
        Assert.Contains("Worse beyond noise: exact_match, token_f1, weighted_score (--fail-on-worse).", worse.Error);
        Assert.True(informational.ExitCode == ExitCodes.Passed, informational.ToString());
        Assert.True(itself.ExitCode == ExitCodes.Passed, itself.ToString());
        Assert.True(Regex.IsMatch(itself.Out, @"token_f1\s+│\s+12\s+│\s+0\.000\.\.0\.000\s+│\s+1\.000\s+│\s+within noise"), itself.Out);
    }

    [Fact]
    public async Task Status_WithApiToken_NeedsTheKey()
    {
        using var server = new ServerFactory(new() { ["ScoreJobs:ApiToken"] = "s3cret-token" });
        var url = server.Url;
        using var file = new TempFile("qa.jsonl", Jsonl(("a", "the quick brown fox")));

        var refused = await CliRun.StartAsync("run", file.Path, "--url", url, "--metrics", Metrics);
        var accepted = await CliRun.StartAsync(["run", file.Path, "--url", url, "--metrics", Metrics, "--wait"],
            new Dictionary<string, string?> { ["SCOREJOBS_KEY"] = "s3cret-token" });

        Assert.True(refused.ExitCode == ExitCodes.Error, refused.ToString());
        Assert.Contains("--key", refused.Error);
        Assert.True(accepted.ExitCode == ExitCodes.Passed, accepted.ToString());
    }

    private async Task<string> SubmitAsync(string jsonl, bool wait = false)
    {
        using var file = new TempFile("qa.jsonl", jsonl);
        var args = new List<string> { "run", file.Path, "--url", _url, "--metrics", Metrics, "--json" };
        if (wait) args.Add("--wait");
        var run = await CliRun.StartAsync([.. args], []);
        Assert.True(run.ExitCode == ExitCodes.Passed, run.ToString());
        using var reply = JsonDocument.Parse(run.Out);
        return reply.RootElement.GetProperty("run_id").GetString()!;
    }

    public sealed class Fixture : IDisposable
    {
        public ServerFactory Server { get; } = new();

        public void Dispose() => Server.Dispose();
    }
}
