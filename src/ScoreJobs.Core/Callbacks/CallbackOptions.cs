using System.ComponentModel.DataAnnotations;

namespace ScoreJobs.Callbacks;

/// <summary>The <c>ScoreJobs:Callbacks</c> section (environment: <c>ScoreJobs__Callbacks__Name</c>).</summary>
public sealed class CallbackOptions
{
    public const string Section = "ScoreJobs:Callbacks";
    public const string SecretSetting = "ScoreJobs__Callbacks__Secret";
    public const string AllowedHostsSetting = "ScoreJobs__Callbacks__AllowedHosts";

    /// <summary>The Standard Webhooks secret (<c>whsec_</c> + base64) that signs callbacks. Unset: callbacks are off.</summary>
    public string? Secret { get; set; }

    /// <summary>Comma-separated host names or IPs a callback may reach over http or on a private or loopback address.</summary>
    public string? AllowedHosts { get; set; }

    /// <summary>How long one delivery attempt may take, connect to response headers.</summary>
    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 15;

    /// <summary>True when a secret is set, so a job may ask for a callback.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Secret);

    /// <summary>The allowed hosts, normalised as <see cref="CallbackUrlPolicy.NormalizeHost"/> does.</summary>
    public IReadOnlyList<string> AllowedHostList =>
        [.. (AllowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(CallbackUrlPolicy.NormalizeHost)];
}
