using System.Text.Json.Serialization;

namespace ScoreJobs.Index.Tables;

/// <summary>The stats shards' JSON (one string property per shard entity).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StatsShard))]
internal sealed partial class TableStatsJsonContext : JsonSerializerContext;
