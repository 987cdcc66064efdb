using System.Text;
using System.Text.Json;
using ScoreJobs.Records;

namespace ScoreJobs.Storage;

/// <summary>A chunk of a run's samples as stored: JSON Lines, one <see cref="RunSample"/> a line.</summary>
internal static class RunSampleChunk
{
    public static string Name(int chunk) => $"samples-{chunk:D5}.jsonl";

    public static byte[] Write(IReadOnlyList<RunSample> samples)
    {
        using var buffer = new MemoryStream();
        foreach (var sample in samples)
        {
            JsonSerializer.Serialize(buffer, sample, RecordJsonContext.Readable.RunSample);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<RunSample> Read(ReadOnlySpan<byte> bytes)
    {
        var samples = new List<RunSample>(RunManifest.ChunkSize);
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            if (!line.IsEmpty) samples.Add(JsonSerializer.Deserialize(line, RecordJsonContext.Readable.RunSample) ?? throw new JsonException("A stored sample line is empty."));
            bytes = end < 0 ? [] : bytes[(end + 1)..];
        }

        return samples;
    }
}
