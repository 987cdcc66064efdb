using System.Text.Json.Serialization;

namespace ScoreJobs.Index.Tables;

/// <summary>The partition list kept on each job's <c>all</c> entity.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class TableIndexJsonContext : JsonSerializerContext;
