using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ScoreJobs.Judge;
using ScoreJobs.Text;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// The contexts a judge names for one claim (1-based ids), read leniently: integers as given, anything else (a string,
/// a fraction, an object) kept aside as written. A bad id is dropped and said in the reason, never a parse failure of a
/// reply whose verdicts are sound; the schema still asks for integers.
/// </summary>
[JsonConverter(typeof(ContextIdsConverter))]
internal sealed record ContextIds(IReadOnlyList<int> Ids, IReadOnlyList<string> Unreadable)
{
    public static ContextIds None { get; } = new([], []);

    /// <summary>
    /// The ids that number one of <paramref name="contextCount"/> contexts, distinct and in order; every other id, and
    /// everything that is no integer, is added to <paramref name="dropped"/> as the judge wrote it.
    /// </summary>
    public IReadOnlyList<int> Within(int contextCount, ICollection<string> dropped)
    {
        foreach (var raw in Unreadable) dropped.Add(raw);
        foreach (var id in Ids.Where(id => id < 1 || id > contextCount)) dropped.Add(id.ToString(CultureInfo.InvariantCulture));
        return [.. Ids.Where(id => id >= 1 && id <= contextCount).Distinct().Order()];
    }

    /// <summary>A reason's figures, followed by the ids that were dropped when there were some.</summary>
    public static string WithDropped(string figures, IReadOnlyCollection<string> dropped, int contextCount) => dropped.Count == 0
        ? figures
        : $"{figures} (context ids dropped, not a number from 1 to {contextCount}: {string.Join(", ", dropped.Distinct())})";

    internal sealed class ContextIdsConverter : JsonConverter<ContextIds>, IReplySchemaConverter
    {
        private const int MaxRawChars = 40;

        public JsonNode Schema() => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "integer" } };

        public override ContextIds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array) return new([], [root.GetRawText().ClipWithEllipsis(MaxRawChars)]);

            var ids = new List<int>();
            var unreadable = new List<string>();
            foreach (var item in root.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var id)) ids.Add(id);
                else unreadable.Add(item.GetRawText().ClipWithEllipsis(MaxRawChars));
            }

            return new(ids, unreadable);
        }

        public override void Write(Utf8JsonWriter writer, ContextIds value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var id in value.Ids) writer.WriteNumberValue(id);
            writer.WriteEndArray();
        }
    }
}
