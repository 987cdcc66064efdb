using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ScoreJobs.Bench.Hosting;
using ScoreJobs.Bench.Load;

namespace ScoreJobs.Bench.Benchmarks;

/// <summary>
/// Four dataset runs of just under 64 MiB of JSONL each (10,000 samples), submitted at once to a fresh server: the
/// server's peak resident memory (VmHWM) once all four are answered, and what each answer was. Issue 26 asks that this
/// stay under 400 MiB.
/// </summary>
internal static class UploadBenchmark
{
    private const int Uploads = 4;
    private const int Samples = 10_000;
    private const int TargetBytes = 63 * 1024 * 1024;

    public static async Task<IReadOnlyList<string>> RunAsync(BenchContext context, StorageTarget storage, CancellationToken cancellationToken)
    {
        var settings = storage.NewGroup(context.Scratch, "uploads");
        await using var server = await context.StartServerAsync("uploads", settings, cancellationToken);
        // Long enough for the last upload, which waits while the others are read.
        using var client = new ApiClient(server.BaseAddress, null, TimeSpan.FromMinutes(10));
        var before = server.ReadMemory();

        var bodies = Enumerable.Range(0, Uploads).Select(Dataset).ToList();
        BenchContext.Say($"uploads: {Uploads} runs of {bodies[0].Length / 1048576.0:0.0} MiB ({Samples} samples) at once; server at {before?.CurrentMiB:0} MiB");
        var started = Stopwatch.GetTimestamp();
        var replies = await Task.WhenAll(bodies.Select((body, i) =>
            client.SubmitRunAsync(body, $"name=upload-{i.ToString(CultureInfo.InvariantCulture)}&metrics=token_f1", cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var peak = server.ReadMemory();
        bodies.Clear();

        var statuses = string.Join(", ", replies.Select(r => r.Status.ToString(CultureInfo.InvariantCulture)));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Concurrent large uploads: {Uploads} x {TargetBytes / 1048576} MiB JSONL runs at once -> HTTP {statuses} in {seconds:0.0} s; server peak RSS {peak?.PeakMiB:0} MiB (idle before: {before?.CurrentMiB:0} MiB).");
        Console.WriteLine(line);
        return [line];
    }

    // Samples padded to reach the target size together: long answers and contexts, as RAG datasets have.
    private static byte[] Dataset(int upload)
    {
        var perSample = TargetBytes / Samples;
        var filler = new string('x', Math.Max(0, (perSample - 200) / 2));
        var text = new StringBuilder(TargetBytes + 4096);
        for (var i = 0; i < Samples; i++)
        {
            text.Append(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["id"] = $"u{upload}-{i}",
                ["question"] = $"What is item {i}?",
                ["answer"] = $"Item {i} is {filler}",
                ["contexts"] = new[] { $"Item {i} is {filler}" },
                ["ground_truth"] = $"Item {i}",
            })).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
