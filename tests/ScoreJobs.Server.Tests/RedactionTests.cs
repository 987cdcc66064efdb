using System.Net;
using ScoreJobs.Testing;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Server;

/// <summary>
/// A judge (or a gateway in front of it) that quotes the credential back: the key reaches no response, no record or
/// other file the server writes, and no log line at any level, ours or a library's.
/// </summary>
public sealed class RedactionTests
{
    private const string Key = "judge-key-Zq7Xw3Pk9mLr";
    private const string Token = "abcDEF123ghiJKL456";

    public static TheoryData<string, int, string> Echoes => new()
    {
        { "401 body", 401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}. Authorization: Bearer {{{Token}}}","code":"invalid_api_key"}}""" },
        { "500 body", 500, $$$"""{"error":{"message":"upstream failed for api-key {{{Key}}} (Authorization: Bearer {{{Token}}})","code":"server_error"}}""" },
        { "500 text", 500, $"gateway error: key={Key} Bearer {Token}" },
        { "200 reply", 200, FakeResponse.Chat($"I was called with {Key} and Bearer {Token}; rating 7").Body },
        { "200 reason", 200, FakeResponse.Chat($$"""{"rating":7,"reason":"the key {{Key}} and Bearer {{Token}} were in the request"}""").Body },
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public async Task Score_JudgeQuotesTheKey_KeyInNoResponseRecordFileOrLogLine(string scenario, int status, string body)
    {
        await using var judge = await FakeOpenAIServer.StartAsync();
        judge.Responder = request => request.IsChat ? new FakeResponse { Status = status, Body = body } : null;
        var logs = new CapturedLogs();
        using var server = new ServerFactory(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = judge.Endpoint().ToString(),
            ["ScoreJobs:Judge:Model"] = "judge-model",
            ["ScoreJobs:Judge:ApiKey"] = Key,
            ["ScoreJobs:Judge:MaxRetries"] = "0",
        }, logs.AddTo);
        var client = server.CreateClient();
        const string request = """{"question":"What is the capital of France?","answer":"Paris.","metrics":["overall_quality"],"cache":false}""";

        var sync = await (await client.PostAsync("/api/score", HttpJson.Body(request))).Content.ReadAsStringAsync();
        var submitted = await client.PostAsync("/api/score/async", HttpJson.Body(request));
        var jobId = (await submitted.ReadJsonAsync()).GetProperty("job_id").GetString()!;
        var job = (await client.WaitForJobAsync(jobId)).GetRawText();
        var list = await (await client.GetAsync("/api/score/jobs")).Content.ReadAsStringAsync();

        Assert.True(judge.ChatRequestCount >= 2, scenario);
        Assert.Contains(judge.Requests, r => r.Header("Authorization") == "Bearer " + Key);
        foreach (var text in new[] { sync, job, list })
        {
            Assert.DoesNotContain(Key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }

        if (status != 401) Assert.Contains(SecretMask, job, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(server.JobsDirectory, "*", SearchOption.AllDirectories))
        {
            // The job's usage log is removed just after its record is finished: gone by now, it holds nothing to check.
            string content;
            try
            {
                content = await File.ReadAllTextAsync(file);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            Assert.False(content.Contains(Key, StringComparison.Ordinal) || content.Contains(Token, StringComparison.Ordinal), $"{scenario}: {file} holds the secret");
        }

        Assert.NotEmpty(logs.Lines);
        // A failure, or a reply no metric could read, is logged: masked. A reply that scores is not logged at all.
        if (scenario != "200 reason" && status != 401) Assert.Contains(logs.Lines, l => l.Contains(SecretMask, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Key, StringComparison.Ordinal) || l.Contains(Token, StringComparison.Ordinal));
    }

    private const string SecretMask = "***";
}
