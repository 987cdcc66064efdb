using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScoreJobs.Rubrics;

/// <summary>
/// A metric of the user's own: criteria the judge rates an answer against, on a <see cref="RubricScale"/>. Validated by
/// <see cref="RubricReader"/>; stored with the request that carried it, so a job is scored by the rubric it was sent.
/// </summary>
public sealed record RubricDefinition
{
    /// <summary>The inputs a rubric needs when it names none.</summary>
    public static IReadOnlyList<string> DefaultNeeds { get; } = ["question", "answer"];

    /// <summary>The metric name, <c>^[a-z][a-z0-9_]{1,39}$</c>, never a built-in metric's.</summary>
    public required string Name { get; init; }

    public required string Criteria { get; init; }

    /// <summary>The evaluation steps; null when the judge is to write them from the criteria (G-Eval).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Steps { get; init; }

    public required RubricScale Scale { get; init; }

    /// <summary>Wire names of the inputs the rubric needs (question, answer, contexts, ground_truth), in that order.</summary>
    public IReadOnlyList<string> Needs { get; init; } = DefaultNeeds;

    /// <summary>The mean a run must reach on this rubric when the run sets no threshold for it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Threshold { get; init; }

    public double Weight { get; init; } = 1;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>
    /// The first 12 hex digits of the SHA-256 of the canonical definition: the parts that change what the judge is asked
    /// (name, criteria, steps, scale, needs). Weight, threshold and description change no verdict, so they keep the hash.
    /// </summary>
    [JsonIgnore]
    public string Hash => ComputeHash();

    /// <summary><c>rubric:&lt;name&gt;/&lt;hash&gt;</c>: stored on each score, part of the judge cache's key.</summary>
    [JsonIgnore]
    public string PromptVersion => $"rubric:{Name}/{Hash}";

    /// <summary>Whether <paramref name="other"/> asks the judge the same (the same hash).</summary>
    public bool SameAs(RubricDefinition other) => Hash == other.Hash;

    // Not cached: a copy made with `with` must hash what it holds. Fixed field order, trimmed text, \n line ends: the same rubric written in another editor or key order keeps its hash.
    private string ComputeHash()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name);
            writer.WriteString("criteria", Canonical(Criteria));
            if (Steps is { } steps)
            {
                writer.WriteStartArray("steps");
                foreach (var step in steps) writer.WriteStringValue(Canonical(step));
                writer.WriteEndArray();
            }

            writer.WritePropertyName("scale");
            JsonSerializer.Serialize(writer, Scale, RubricJsonContext.Default.RubricScale);
            writer.WriteStartArray("needs");
            foreach (var need in Needs) writer.WriteStringValue(need);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()))[..12];
    }

    private static string Canonical(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
