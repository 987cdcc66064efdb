using System.Text.Json.Serialization;

namespace ScoreJobs.Health;

/// <summary>One dependency's answer to the readiness probe: <c>ok</c>, <c>failed</c> or <c>not_configured</c>, and why not (never a secret).</summary>
public sealed record ReadinessCheck(string Status, string Kind, long DurationMs, string? Error = null)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string NotConfigured = "not_configured";

    // Derived from the status, so not written: the wire says it once, as "status".
    [JsonIgnore]
    public bool IsReady => Status != Failed;
}
