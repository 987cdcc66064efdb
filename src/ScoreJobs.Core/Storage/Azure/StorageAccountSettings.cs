using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using ScoreJobs.Hosting;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Where the storage account is and how to authenticate to it, read from <c>AzureWebJobsStorage</c>
/// the way the Functions host reads it: a connection string (account key, or
/// <c>UseDevelopmentStorage=true</c> for Azurite), or identity-based settings
/// (<c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c> / <c>__accountName</c>)
/// that authenticate with Entra ID through <see cref="DefaultAzureCredential"/>.
/// A present but unusable value throws at start with a message that names the setting, never its value.
/// </summary>
public sealed class StorageAccountSettings
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>The Entra ID scope of the Storage data plane.</summary>
    public const string TokenScope = "https://storage.azure.com/.default";

    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    // Published in the Azurite and Storage emulator documentation; not a secret.
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private StorageAccountSettings(string accountName, Uri blobEndpoint, Uri queueEndpoint, byte[]? accountKey, TokenCredential? credential)
    {
        AccountName = accountName;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        AccountKey = accountKey;
        Credential = credential;
    }

    public string AccountName { get; }

    /// <summary>The Blob service root, e.g. <c>https://acct.blob.core.windows.net</c> or <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The Queue service root.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>True when requests are signed with the account key; false when they carry Entra ID tokens.</summary>
    public bool UsesSharedKey => AccountKey is not null;

    internal byte[]? AccountKey { get; }

    internal TokenCredential? Credential { get; }

    /// <summary>What health pages may show: account, endpoints and the kind of auth, never a key.</summary>
    public string Description => $"{AccountName} ({(UsesSharedKey ? "shared key" : "Entra ID")}), blob {BlobEndpoint}, queue {QueueEndpoint}";

    public override string ToString() => Description;

    /// <summary>
    /// An HTTP client that authenticates every request to this account (Shared Key signature or bearer token).
    /// Share one per process between the blob store and the queue.
    /// </summary>
    public HttpClient CreateHttpClient(TimeProvider? timeProvider = null) =>
        StorageRestProtocol.CreateHttpClient(this, timeProvider ?? TimeProvider.System);

    /// <summary>
    /// The settings in <paramref name="configuration"/>, or null when <c>AzureWebJobsStorage</c> is absent
    /// (embedded mode). Throws <see cref="InvalidOperationException"/> when it is present but unusable.
    /// </summary>
    public static StorageAccountSettings? FromConfiguration(IConfiguration configuration, TokenCredential? credential = null)
    {
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString)) return FromConnectionString(connectionString);

        var section = configuration.GetSection(SettingName);
        var blobServiceUri = section["blobServiceUri"];
        var queueServiceUri = section["queueServiceUri"];
        var accountName = section["accountName"];
        if (string.IsNullOrWhiteSpace(blobServiceUri) && string.IsNullOrWhiteSpace(queueServiceUri) && string.IsNullOrWhiteSpace(accountName))
        {
            return null;
        }

        return FromIdentitySettings(section, credential);
    }

    /// <summary>Parses a Storage connection string. Throws naming <c>AzureWebJobsStorage</c>, never echoing the value.</summary>
    public static StorageAccountSettings FromConnectionString(string connectionString)
    {
        var parts = ParseConnectionString(connectionString);

        if (parts.TryGetValue("UseDevelopmentStorage", out var useDevelopment))
        {
            if (!string.Equals(useDevelopment, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid("UseDevelopmentStorage must be true when present");
            }

            if (parts.ContainsKey("DevelopmentStorageProxyUri"))
            {
                throw Invalid("DevelopmentStorageProxyUri is not supported; give BlobEndpoint and QueueEndpoint instead");
            }

            return new StorageAccountSettings(
                DevelopmentAccountName,
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"),
                Convert.FromBase64String(DevelopmentAccountKey),
                credential: null);
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw Invalid("SharedAccessSignature connection strings are not supported; use an account key or identity-based settings (AzureWebJobsStorage__blobServiceUri)");
        }

        if (!parts.TryGetValue("AccountName", out var accountName) || string.IsNullOrWhiteSpace(accountName))
        {
            throw Invalid("AccountName is missing");
        }

        if (!parts.TryGetValue("AccountKey", out var accountKeyText) || string.IsNullOrWhiteSpace(accountKeyText))
        {
            throw Invalid("AccountKey is missing");
        }

        var accountKey = new byte[accountKeyText.Length];
        if (!Convert.TryFromBase64String(accountKeyText, accountKey, out var keyLength) || keyLength == 0)
        {
            throw Invalid("AccountKey is not valid base64");
        }

        var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        if (protocol is not ("https" or "http"))
        {
            throw Invalid("DefaultEndpointsProtocol must be https or http");
        }

        var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        var blobEndpoint = Endpoint(parts, "BlobEndpoint", protocol, accountName, "blob", suffix);
        var queueEndpoint = Endpoint(parts, "QueueEndpoint", protocol, accountName, "queue", suffix);
        return new StorageAccountSettings(accountName, blobEndpoint, queueEndpoint, accountKey[..keyLength], credential: null);
    }

    private static StorageAccountSettings FromIdentitySettings(IConfigurationSection section, TokenCredential? credential)
    {
        var accountName = section["accountName"];
        var blobEndpoint = IdentityEndpoint(section, "blobServiceUri", accountName, "blob");
        var queueEndpoint = IdentityEndpoint(section, "queueServiceUri", accountName, "queue");

        if (string.IsNullOrWhiteSpace(accountName))
        {
            // Only used in the canonical resource of Shared Key, which bearer tokens don't need; keep it for descriptions.
            accountName = blobEndpoint.Host.Split('.')[0];
        }

        var credentialKind = section["credential"];
        if (!string.IsNullOrWhiteSpace(credentialKind) && !string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSettingException($"{SettingName}:credential must be 'managedidentity' when set.");
        }

        credential ??= new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = NullIfBlank(section["clientId"]),
            TenantId = NullIfBlank(section["tenantId"]),
        });

        return new StorageAccountSettings(accountName, blobEndpoint, queueEndpoint, accountKey: null, credential);
    }

    private static Uri IdentityEndpoint(IConfigurationSection section, string key, string? accountName, string service)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            if (string.IsNullOrWhiteSpace(accountName))
            {
                throw new InvalidSettingException(
                    $"{SettingName}:{key} is missing: identity-based storage needs both {SettingName}:blobServiceUri and {SettingName}:queueServiceUri, or {SettingName}:accountName.");
            }

            if (!IsAccountName(accountName))
            {
                throw new InvalidSettingException($"{SettingName}:accountName is not a valid storage account name.");
            }

            return new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidSettingException($"{SettingName}:{key} is not an absolute http(s) URL without a query.");
        }

        return TrimSlash(uri);
    }

    private static Uri Endpoint(Dictionary<string, string> parts, string key, string protocol, string accountName, string service, string suffix)
    {
        if (parts.TryGetValue(key, out var explicitValue))
        {
            if (!Uri.TryCreate(explicitValue, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
            {
                throw Invalid($"{key} is not an absolute http(s) URL without a query");
            }

            return TrimSlash(uri);
        }

        if (!IsAccountName(accountName))
        {
            throw Invalid($"AccountName is not a valid storage account name (and no {key} is given)");
        }

        if (!Uri.TryCreate($"{protocol}://{accountName}.{service}.{suffix}", UriKind.Absolute, out var derived))
        {
            throw Invalid("EndpointSuffix does not make a valid host name");
        }

        return derived;
    }

    private static Dictionary<string, string> ParseConnectionString(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid("it is not a list of Name=Value pairs separated by ';'");
            }

            var name = segment[..equals].Trim();
            if (!parts.TryAdd(name, segment[(equals + 1)..].Trim()))
            {
                throw Invalid($"{name} appears twice");
            }
        }

        if (parts.Count == 0) throw Invalid("it is empty");
        return parts;
    }

    private static bool IsAccountName(string name) =>
        name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    private static Uri TrimSlash(Uri uri) => new(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static InvalidSettingException Invalid(string reason) =>
        new($"{SettingName} is not a usable storage connection string: {reason}.");
}
