using System.Text.Json.Serialization;

namespace ScoreJobs.Storage;

/// <summary>Source-generated JSON of what the stores keep besides records: the daily counters.</summary>
[JsonSerializable(typeof(Dictionary<string, SortedDictionary<string, double>>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
