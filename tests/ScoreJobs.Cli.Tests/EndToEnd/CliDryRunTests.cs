using System.Text.Json;
using ScoreJobs.Testing.FakeJudge;
using Xunit.Abstractions;

namespace ScoreJobs.Cli.EndToEnd;

/// <summary><c>scorejobs run --dry-run</c> against the real server on Kestrel, with the fake judge: the estimate printed, nothing submitted.</summary>
[Trait("Category", "EndToEnd")]
public sealed class CliDryRunTests(ITestOutputHelper output)
{
    private const string Jsonl = """
        {"id":"paris","question":"What is the capital of France?","answer":"Paris is the capital of France. It lies on the Seine.","contexts":["Paris is the capital of France.","Paris lies on the Seine."],"ground_truth":"Paris is the capital of France."}
        {"id":"lyon","question":"What is Lyon known for?","answer":"Lyon is known for its food.","contexts":["Lyon is known for its food."],"ground_truth":"Lyon is known for food."}
        """;

    [Fact]
    public async Task Run_DryRun_PrintsTheEstimateWithin80ColumnsSubmitsNothingAndExitsZero()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateServer(judge);
        using var file = new TempFile("qa.jsonl", Jsonl);

        var run = await CliRun.StartAsync("run", file.Path, "--url", server.Url, "--metrics", "faithfulness,context_precision,token_f1", "--dry-run");

        output.WriteLine(run.Out);
        Assert.True(run.ExitCode == ExitCodes.Passed, run.ToString());
        Assert.Contains("Dry run: 2 samples, live mode, judge judge-model; nothing was submitted.", run.Out);
        Assert.Matches(@"faithfulness\s+[│|]\s+4\s+[│|]\s+0\s+[│|]", run.Out);
        Assert.Matches(@"context_precision\s+[│|]\s+2\s+[│|]\s+0\s+[│|]", run.Out);
        Assert.Matches(@"total\s+[│|]\s+6\s+[│|]", run.Out);
        Assert.DoesNotContain("token_f1", run.Out);
        Assert.Matches(@"Cost: 0\.\d+ USD live, 0\.\d+ USD in batch mode", run.Out);
        Assert.All(run.Out.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
        Assert.Equal(0, judge.ChatRequestCount);
        using var client = server.CreateClient();
        using var runs = JsonDocument.Parse(await client.GetStringAsync("/api/score/runs"));
        Assert.Empty(runs.RootElement.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public async Task Run_DryRunJson_PrintsOnlyTheServersEstimate()
    {
        await using var judge = await FakeOpenAIServer.StartAsync(new() { AutoReply = true });
        using var server = CreateServer(judge);
        using var file = new TempFile("qa.jsonl", Jsonl);

        var run = await CliRun.StartAsync("run", file.Path, "--url", server.Url, "--metrics", "overall_quality", "--dry-run", "--json");

        Assert.True(run.ExitCode == ExitCodes.Passed, run.ToString());
        using var reply = JsonDocument.Parse(run.Out);
        Assert.Equal(2, reply.RootElement.GetProperty("estimate").GetProperty("judge_calls").GetInt32());
        Assert.True(reply.RootElement.GetProperty("dry_run").GetBoolean());
    }

    [Fact]
    public async Task Run_DryRunWithWait_ExitsTwoSayingWhy()
    {
        using var file = new TempFile("qa.jsonl", Jsonl);

        var run = await CliRun.StartAsync("run", file.Path, "--url", "http://127.0.0.1:9/", "--dry-run", "--wait");

        Assert.True(run.ExitCode == ExitCodes.Error, run.ToString());
        Assert.Contains("--dry-run submits nothing", run.Out + run.Error);
    }

    private static ServerFactory CreateServer(FakeOpenAIServer judge) => new(new()
    {
        ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
        ["ScoreJobs:Judge:Model"] = "judge-model",
        ["ScoreJobs:Judge:Prices:0:Model"] = "judge-model",
        ["ScoreJobs:Judge:Prices:0:InputPerMillion"] = "2.50",
        ["ScoreJobs:Judge:Prices:0:OutputPerMillion"] = "10",
        ["ScoreJobs:Judge:Prices:0:BatchDiscount"] = "0.5",
    });
}
