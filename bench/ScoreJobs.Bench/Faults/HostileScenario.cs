using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Faults;

/// <summary>
/// The hostile corpus against a running server that requires a token: every request must get a 4xx, the server
/// must stay up (same process, health 200) and nothing may be stored (no new record, no new file).
/// </summary>
internal static class HostileScenario
{
    public static async Task<FaultTally> RunAsync(FaultContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var tally = new FaultTally($"hostile requests ({storage.Mode})");
        var settings = storage.NewGroup(context.Scratch, "hostile");
        await using var server = await context.StartServerAsync($"hostile-{storage.Mode}", settings, cancellationToken);
        using var client = new ApiClient(server.BaseAddress, context.ApiToken, TimeSpan.FromSeconds(20));

        // A few real jobs first, so lists and gets have something to find and the store is known to work.
        var submitter = new Submitter(client, tally, () => false, Workload.OfflineMetrics);
        await submitter.RunCountAsync(2, 3, cancellationToken);
        await JobAudit.WaitAllFinishedAsync(client, TimeSpan.FromSeconds(30), cancellationToken);
        var pid = server.Pid;
        var recordsBefore = (await client.ListAllAsync(cancellationToken)).Count;
        var filesBefore = Files(settings.JobsDirectory);

        var corpus = HostileCorpus.Build(context.ApiToken, server.BaseAddress.Authority);
        var byGroup = new SortedDictionary<string, (int Sent, int FourXx)>(StringComparer.Ordinal);
        var largest = (Name: "", Length: 0);
        foreach (var hostile in corpus)
        {
            int status;
            string detail;
            if (hostile.Raw is { } raw)
            {
                (status, detail) = await RawHttp.SendAsync(server.Port, raw, cancellationToken);
            }
            else
            {
                var reply = await client.SendRawAsync(hostile.Build!(), hostile.Authorize, cancellationToken);
                (status, detail) = (reply.Status, reply.Value ?? reply.Error ?? "");
            }

            if (detail.Length > largest.Length) largest = (hostile.Group + " / " + hostile.Name, detail.Length);
            var (sent, fourXx) = byGroup.GetValueOrDefault(hostile.Group);
            byGroup[hostile.Group] = (sent + 1, fourXx + (status is >= 400 and < 500 ? 1 : 0));
            if (status >= 500)
            {
                tally.ServerErrors++;
                tally.Problem($"{hostile.Group} / {hostile.Name}: {status} {Clip(detail)}");
            }
            else if (status is < 400 or >= 500)
            {
                tally.Unexpected++;
                tally.Problem($"{hostile.Group} / {hostile.Name}: expected a 4xx, got {(status == 0 ? "no answer" : status)} {Clip(detail)}");
            }

            if (!server.IsRunning || server.Pid != pid)
            {
                tally.Crashes++;
                tally.Problem($"the server died after {hostile.Group} / {hostile.Name}: {server.Tail(10)}");
                await server.StartAgainAsync(cancellationToken);
                pid = server.Pid;
            }
        }

        var health = await client.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, "api/health"), authorize: false, cancellationToken);
        if (health.Status != 200)
        {
            tally.Crashes++;
            tally.Problem($"health answers {health.Status} after the corpus");
        }

        var recordsAfter = (await client.ListAllAsync(cancellationToken)).Count;
        var filesAfter = Files(settings.JobsDirectory);
        var newFiles = filesAfter.Except(filesBefore).ToList();
        tally.StrayWrites += Math.Max(0, recordsAfter - recordsBefore) + newFiles.Count;
        if (recordsAfter != recordsBefore) tally.Problem($"records before the corpus {recordsBefore}, after {recordsAfter}");
        foreach (var file in newFiles.Take(5)) tally.Problem($"new file after the corpus: {file}");

        tally.Facts.Add($"{corpus.Count} hostile requests: " + string.Join(", ", byGroup.Select(g => $"{g.Key} {g.Value.FourXx}/{g.Value.Sent} 4xx")));
        tally.Facts.Add($"largest answer: {largest.Length:N0} characters, to {largest.Name}");
        tally.Facts.Add($"server process {pid} stayed up; records {recordsBefore} before and {recordsAfter} after; {newFiles.Count} new files");
        return tally;
    }

    private static HashSet<string> Files(string? folder) =>
        folder is null ? [] : [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)];

    private static string Clip(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 160 ? text : text[..160] + "...";
    }
}
