using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ScoreJobs.Bench.Reports;

/// <summary>Writes a run as <c>{timestamp}-{mode}.json</c> and <c>latest-{mode}.md</c> under the results folder.</summary>
internal static class ResultsWriter
{
    public static (string Json, string Markdown) Write(BenchResults results, string folder)
    {
        Directory.CreateDirectory(folder);
        var stamp = results.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var suffix = results.Quick ? "-quick" : "";
        var json = Path.Combine(folder, $"{stamp}-{results.Mode}{suffix}.json");
        File.WriteAllText(json, JsonSerializer.Serialize(results, BenchJsonContext.Default.BenchResults) + "\n");
        var markdown = Path.Combine(folder, $"latest-{results.Mode}{suffix}.md");
        File.WriteAllText(markdown, ToMarkdown(results, Path.GetFileName(json)));
        return (json, markdown);
    }

    public static string ToMarkdown(BenchResults r, string jsonName)
    {
        var md = new StringBuilder();
        var m = r.Machine;
        md.AppendLine(Invariant($"# Benchmark results: {r.Mode}{(r.Quick ? " (quick)" : "")}"));
        md.AppendLine();
        md.AppendLine(Invariant($"Measured {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC in {r.DurationSeconds:0} s at commit `{r.Commit ?? "unknown"}`; raw figures in `{jsonName}`."));
        md.AppendLine();
        md.AppendLine(Invariant($"- Machine: {m.Cores} cores ({m.CpuModel ?? "unknown CPU"}), {m.MemoryGiB} GiB, {m.Os}, {m.DotNet}."));
        md.AppendLine(Invariant($"- CPU during the run: the bench, servers and Azurite used {m.BenchCpuPercent:0}% of all cores, other processes {m.OtherProcessesCpuPercent:0}%{(m.Busy ? " — **the machine was busy with other work: treat the figures as lower bounds**" : " (a quiet machine)")}; load average {m.LoadAtStart:0.##} at start, {m.LoadAtEnd:0.##} at end."));
        md.AppendLine(Invariant($"- Command: `{r.CommandLine}`"));
        md.AppendLine(Invariant($"- Settings: {string.Join(", ", r.Parameters.Select(p => $"{p.Key}={p.Value}"))}."));
        md.AppendLine(Invariant($"- Server: {string.Join(", ", r.ServerSettings.Where(s => s.Key.StartsWith("ScoreJobs__", StringComparison.Ordinal) && !s.Key.EndsWith("Directory", StringComparison.Ordinal)).Select(s => $"`{s.Key}={s.Value}`"))}; its own log level `{r.ServerSettings.GetValueOrDefault("Logging__LogLevel__ScoreJobs")}` (`Information` for the listing servers, for the line that says how long indexing took)."));
        md.AppendLine();

        if (r.Submit.Count > 0)
        {
            md.AppendLine("## Submit (POST /api/score/async)");
            md.AppendLine();
            md.AppendLine("| clients | requests | p50 ms | p90 ms | p99 ms | max ms | submits/s | non-2xx | paced at /s | paced p50 ms | paced p99 ms | server CPU ms / job | bench CPU ms / submit |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var s in r.Submit)
            {
                md.AppendLine(Invariant($"| {s.Clients} | {s.Requests} | {s.Latency.P50Ms:0.00} | {s.Latency.P90Ms:0.00} | {s.Latency.P99Ms:0.00} | {s.Latency.MaxMs:0.0} | **{s.PerSecond:0}** | {s.Errors} | {s.PacedPerSecond:0} | {s.PacedLatency.P50Ms:0.00} | {s.PacedLatency.P99Ms:0.00} | {s.ServerCpuMsPerJob:0.00} | {s.ClientCpuMsPerJob:0.00} |"));
            }

            md.AppendLine();
            md.AppendLine("Back to back: each client sends its next submit when the last is answered (the rate is the most the server took). Paced: the same clients at half that rate, latency counted from when each submit was due. Server CPU per job includes the worker scoring the job (offline metrics) and writing it twice more.");
            md.AppendLine();
        }

        if (r.Throughput.Count > 0)
        {
            md.AppendLine("## End-to-end jobs (submit, score with the fake judge, store)");
            md.AppendLine();
            md.AppendLine("| instances | jobs | judge latency | worker concurrency | jobs/s | ideal jobs/s | one job alone ms | job p50 / p99 ms | judge calls / job | prompt + completion tokens / job | completed / failed / unfinished |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var t in r.Throughput)
            {
                md.AppendLine(Invariant($"| {t.Instances} | {t.Jobs} | {t.JudgeLatencyMs} ms | {t.WorkerConcurrency} | **{t.JobsPerSecond:0.0}** | {t.IdealJobsPerSecond:0.0} | {t.SingleJobMs:0} | {t.JobLatency.P50Ms:0} / {t.JobLatency.P99Ms:0} | {t.JudgeCallsPerJob:0.##} | {t.PromptTokensPerJob:0} + {t.CompletionTokensPerJob:0} | {t.Completed} / {t.Failed} / {t.Unfinished} |"));
            }

            md.AppendLine();
            var first = r.Throughput[0];
            md.AppendLine(Invariant($"Metrics per job ({first.Metrics.Count}): {string.Join(", ", first.Metrics)}; {first.Contexts} contexts. The fake judge answered {first.FakeJudgeRequestsPerJob:0.##} requests per job ({first.FakeJudgeChatPerJob:0.##} chat completions, {first.FakeJudgeEmbeddingsPerJob:0.##} embeddings), at most {first.FakeJudgeMaxConcurrent} at once. Judge calls and tokens per job are the records' own `usage`; the fake judge reports a fixed 400 prompt and 80 completion tokens per chat call, so the token figures count calls, not text: the prompts it received held {first.PromptCharactersPerJob:N0} characters per job ({first.RequestBytesPerJob:N0} bytes of request bodies with the reply schemas), roughly {first.PromptCharactersPerJob / 4:N0} tokens of English text."));
            md.AppendLine();
        }

        if (r.Listing.Count > 0)
        {
            md.AppendLine("## Stored records: newest-page list, get, startup and memory");
            md.AppendLine();
            md.AppendLine("| records | seeded via | server start ms (of which indexing) | list p50 ms | list p99 ms | get p50 ms | get p99 ms | peak RSS MiB | RSS after MiB | CPU ms per list: server / storage |");
            md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var l in r.Listing)
            {
                md.AppendLine(Invariant($"| {l.Records:N0} | {l.SeededVia} | {l.StartupMs:0} ({(l.IndexMs is { } index ? index.ToString("0", CultureInfo.InvariantCulture) : "-")}) | {l.List.P50Ms:0.00} | {l.List.P99Ms:0.00} | {l.Get.P50Ms:0.00} | {l.Get.P99Ms:0.00} | {l.PeakMiB:0} | {l.RssMiB:0} | {l.ListServerCpuMs:0.00} / {(l.ListStorageCpuMs is { } storage ? storage.ToString("0.00", CultureInfo.InvariantCulture) : "-")} |"));
            }

            md.AppendLine();
            md.AppendLine(Invariant($"List = `GET /api/score/jobs?limit={r.Listing[0].PageSize}` (the newest page); get = `GET /api/score/jobs/{{id}}` of random stored ids; {r.Listing[0].List.Count} samples each after warm-up."));
            md.AppendLine();
            md.AppendLine("## Job index: filtered page, stats, index size");
            md.AppendLine();
            md.AppendLine("| records | newest page again (warm) p50 / p99 ms | filtered page p50 / p99 ms | matching jobs | stats p50 / p99 ms | filtered stats p50 / p99 ms | index MiB | Table requests: newest page / filtered page / filtered stats | load (1 min) |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var l in r.Listing)
            {
                md.AppendLine(Invariant($"| {l.Records:N0} | {l.ListAgain?.P50Ms:0.00} / {l.ListAgain?.P99Ms:0.00} | {l.FilteredList?.P50Ms:0.00} / {l.FilteredList?.P99Ms:0.00} | {l.FilteredMatches:N0} | {l.Stats?.P50Ms:0.00} / {l.Stats?.P99Ms:0.00} | {l.FilteredStats?.P50Ms:0.00} / {l.FilteredStats?.P99Ms:0.00} | {(l.IndexMiB is { } mib ? mib.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {(l.TableRequestsPerFilteredPage is null ? "-" : Invariant($"{l.TableRequestsPerNewestPage} / {l.TableRequestsPerFilteredPage} / {l.TableRequestsPerFilteredStats}"))} | {l.LoadAverage:0.00} |"));
            }

            md.AppendLine();
            md.AppendLine(Invariant($"Filtered = `GET /api/score/jobs?limit=50&{r.Listing[0].FilteredQuery}`; stats = `GET /api/score/stats` (no filter), filtered stats with the same filter."));
            md.AppendLine();
        }

        if (r.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in r.Notes) md.AppendLine("- " + note);
            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
