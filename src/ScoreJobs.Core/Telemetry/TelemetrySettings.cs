using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace ScoreJobs.Telemetry;

/// <summary>
/// Where telemetry goes, from the standard settings both hosts and the Functions host read:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (Azure Monitor), with <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
/// (<c>Authorization=AAD</c>, optionally <c>ClientId=</c> a user-assigned identity) for Entra ID, and
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (OTLP). Checked at start: a present but unusable value throws
/// <see cref="InvalidSettingException"/> naming the setting, never repeating its value.
/// </summary>
internal sealed record TelemetrySettings(string? AzureMonitorConnectionString, Guid? ManagedIdentityClientId, bool UsesEntraId, Uri? OtlpEndpoint)
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>True when an exporter is configured; otherwise no OpenTelemetry provider is created at all.</summary>
    public bool Enabled => AzureMonitorConnectionString is not null || OtlpEndpoint is not null;

    /// <summary>
    /// The Entra ID credential Azure Monitor ingestion takes when the authentication string says <c>Authorization=AAD</c>:
    /// the user-assigned managed identity its <c>ClientId</c> names, else the system-assigned one. Null for key-based ingestion.
    /// </summary>
    public TokenCredential? CreateCredential() => !UsesEntraId ? null : new ManagedIdentityCredential(
        ManagedIdentityClientId is { } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId.ToString()) : ManagedIdentityId.SystemAssigned);

    public static TelemetrySettings FromConfiguration(IConfiguration configuration)
    {
        var connectionString = Value(configuration, ConnectionStringSetting);
        if (connectionString is not null && !HasInstrumentationKey(connectionString))
        {
            throw new InvalidSettingException(
                $"{ConnectionStringSetting} is not an Application Insights connection string: it needs InstrumentationKey=<guid> (copy it from the resource's Overview page).");
        }

        var (usesEntraId, clientId) = connectionString is null ? (false, null) : ReadAuthentication(Value(configuration, AuthenticationStringSetting));

        Uri? otlp = null;
        if (Value(configuration, OtlpEndpointSetting) is { } endpoint &&
            (!Uri.TryCreate(endpoint, UriKind.Absolute, out otlp) || otlp.Scheme is not ("http" or "https")))
        {
            throw new InvalidSettingException($"{OtlpEndpointSetting} is not an absolute http or https URL, e.g. http://localhost:4317.");
        }

        return new TelemetrySettings(connectionString, clientId, usesEntraId, otlp);
    }

    private static (bool UsesEntraId, Guid? ClientId) ReadAuthentication(string? authentication)
    {
        if (authentication is null) return (false, null);

        var pairs = Pairs(authentication);
        if (!pairs.TryGetValue("Authorization", out var mode) || !mode.Equals("AAD", StringComparison.OrdinalIgnoreCase) ||
            pairs.Keys.Any(k => !k.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && !k.Equals("ClientId", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidSettingException(
                $"{AuthenticationStringSetting} must be Authorization=AAD, optionally with ClientId=<client id of a user-assigned identity>.");
        }

        if (!pairs.TryGetValue("ClientId", out var clientText)) return (true, null);
        return Guid.TryParse(clientText, out var clientId)
            ? (true, clientId)
            : throw new InvalidSettingException($"{AuthenticationStringSetting} has a ClientId that is not a GUID (the identity's client id).");
    }

    private static bool HasInstrumentationKey(string connectionString) =>
        Pairs(connectionString).TryGetValue("InstrumentationKey", out var key) && Guid.TryParse(key, out _);

    private static Dictionary<string, string> Pairs(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0) pairs[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }

        return pairs;
    }

    private static string? Value(IConfiguration configuration, string name) =>
        configuration[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
