using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// <c>AzureWebJobsStorage</c> as the Functions host reads it, checked at start and handed to the Azure SDK: a
/// connection string (<c>UseDevelopmentStorage=true</c> for Azurite), or identity-based settings
/// (<c>AzureWebJobsStorage__blobServiceUri</c> / <c>__queueServiceUri</c>, or <c>__accountName</c>, with
/// <c>__credential</c> / <c>__clientId</c> / <c>__tenantId</c>). The SDK parses the connection string; the
/// identity settings become the <c>serviceUri</c> and credential keys that <c>Microsoft.Extensions.Azure</c>'s
/// <c>AddBlobServiceClient</c> / <c>AddQueueServiceClient</c> read. A present but unusable value throws at start
/// with a message that names the setting and never repeats its value.
/// </summary>
public sealed class StorageAccountSettings
{
    public const string SettingName = "AzureWebJobsStorage";

    private readonly string? _connectionString;

    private StorageAccountSettings(IConfiguration blobs, IConfiguration queues, IConfiguration tables, Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, string? connectionString)
    {
        BlobClientConfiguration = blobs;
        QueueClientConfiguration = queues;
        TableClientConfiguration = tables;
        BlobServiceUri = blobServiceUri;
        QueueServiceUri = queueServiceUri;
        TableServiceUri = tableServiceUri;
        _connectionString = connectionString;
    }

    /// <summary>What <c>AddBlobServiceClient(IConfiguration)</c> reads: the connection string as the value, or <c>serviceUri</c> and the credential keys.</summary>
    public IConfiguration BlobClientConfiguration { get; }

    /// <summary>What <c>AddQueueServiceClient(IConfiguration)</c> reads.</summary>
    public IConfiguration QueueClientConfiguration { get; }

    /// <summary>What <c>AddTableServiceClient(IConfiguration)</c> reads (the job index): the connection string, or <c>endpoint</c> and the credential keys.</summary>
    public IConfiguration TableClientConfiguration { get; }

    /// <summary>The Table service root (the job index), without any SAS.</summary>
    public Uri TableServiceUri { get; }

    /// <summary>The Blob service root, without any SAS, e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri BlobServiceUri { get; }

    /// <summary>The Queue service root, without any SAS.</summary>
    public Uri QueueServiceUri { get; }

    /// <summary>True for a connection string (account key or SAS); false for identity-based settings (Entra ID).</summary>
    public bool UsesConnectionString => _connectionString is not null;

    /// <summary>What health pages may show: endpoints and the kind of auth, never a key.</summary>
    public string Description => $"{(UsesConnectionString ? "connection string" : "Entra ID")}, blob {BlobServiceUri}, queue {QueueServiceUri}, table {TableServiceUri}";

    public override string ToString() => Description;

    /// <summary>
    /// The settings in <paramref name="configuration"/>, or null when <c>AzureWebJobsStorage</c> is absent
    /// (embedded mode). Throws <see cref="InvalidSettingException"/> when it is present but unusable.
    /// </summary>
    public static StorageAccountSettings? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value)) return FromConnectionString(section.Value);
        if (!section.GetChildren().Any(c => !string.IsNullOrWhiteSpace(c.Value))) return null;

        var blobServiceUri = IdentityServiceUri(section, "blobServiceUri", "blob");
        var queueServiceUri = IdentityServiceUri(section, "queueServiceUri", "queue");
        var tableServiceUri = TableServiceUriOf(section, blobServiceUri);
        return new StorageAccountSettings(
            ForService(section, blobServiceUri), ForService(section, queueServiceUri), ForService(section, tableServiceUri, "endpoint"),
            blobServiceUri, queueServiceUri, tableServiceUri, null);
    }

    /// <summary>Checks a Storage connection string with the SDK's own parser. Throws naming <c>AzureWebJobsStorage</c>, never echoing the value.</summary>
    public static StorageAccountSettings FromConnectionString(string connectionString)
    {
        BlobServiceClient blobs;
        QueueServiceClient queues;
        try
        {
            blobs = new BlobServiceClient(connectionString);
            queues = new QueueServiceClient(connectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw Invalid(SafeReason(ex.Message, connectionString));
        }

        if (queues.Uri is null) throw Invalid("it names no QueueEndpoint");
        var tableConnectionString = WithTableEndpoint(connectionString, blobs.Uri);
        TableServiceClient tables;
        try
        {
            tables = new TableServiceClient(tableConnectionString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw Invalid(SafeReason(ex.Message, connectionString));
        }

        if (!blobs.CanGenerateAccountSasUri && new BlobUriBuilder(blobs.Uri).Sas is null)
        {
            throw Invalid("it carries neither an AccountKey nor a SharedAccessSignature");
        }

        var value = new ConfigurationBuilder().AddInMemoryCollection([new(SettingName, connectionString)]).Build().GetSection(SettingName);
        var tableValue = new ConfigurationBuilder().AddInMemoryCollection([new(SettingName, tableConnectionString)]).Build().GetSection(SettingName);
        return new StorageAccountSettings(value, value, tableValue, WithoutQuery(blobs.Uri), WithoutQuery(queues.Uri), WithoutQuery(tables.Uri), connectionString);
    }

    /// <summary>Clients straight from the connection string, for tools and tests without dependency injection.</summary>
    internal BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) =>
        new(_connectionString ?? throw IdentityNeedsRegistration(), options);

    internal QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        new(_connectionString ?? throw IdentityNeedsRegistration(), options);

    internal TableServiceClient CreateTableServiceClient(TableClientOptions options) =>
        new(WithTableEndpoint(_connectionString ?? throw IdentityNeedsRegistration(), BlobServiceUri), options);

    // A string with explicit endpoints but no TableEndpoint (written before the job index existed): the Table SDK would
    // guess https://{account}.table.core.windows.net or fail, so name the blob account's table endpoint, or refuse.
    private static string WithTableEndpoint(string connectionString, Uri blobServiceUri)
    {
        if (!connectionString.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase) || connectionString.Contains("TableEndpoint=", StringComparison.OrdinalIgnoreCase))
        {
            return connectionString;
        }

        var host = blobServiceUri.Host;
        var dot = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (dot <= 0) throw Invalid("it names a BlobEndpoint but no TableEndpoint, which the job index needs");
        var table = new UriBuilder(blobServiceUri) { Host = string.Concat(host.AsSpan(0, dot), ".table.", host.AsSpan(dot + ".blob.".Length)), Query = "" }.Uri;
        return connectionString.TrimEnd(';') + ";TableEndpoint=" + table.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    // The Functions host's names for the two services; Microsoft.Extensions.Azure reads serviceUri, and the credential keys as they are.
    // The Table client's constructor calls it endpoint rather than serviceUri.
    private static IConfiguration ForService(IConfigurationSection section, Uri serviceUri, string uriKey = "serviceUri")
    {
        var values = section.AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null && kv.Key is not ("blobServiceUri" or "queueServiceUri" or "tableServiceUri" or "accountName"))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        values[uriKey] = serviceUri.ToString();
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static Uri IdentityServiceUri(IConfigurationSection section, string key, string service)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            var accountName = section["accountName"];
            if (string.IsNullOrWhiteSpace(accountName))
            {
                throw new InvalidSettingException(
                    $"{SettingName}:{key} is missing: identity-based storage needs both {SettingName}:blobServiceUri and {SettingName}:queueServiceUri, or {SettingName}:accountName.");
            }

            if (accountName.Length is < 3 or > 24 || !accountName.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
            {
                throw new InvalidSettingException($"{SettingName}:accountName is not a valid storage account name.");
            }

            // What the Functions host derives from accountName: the public cloud's endpoint of that service.
            return new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            throw new InvalidSettingException($"{SettingName}:{key} is not an absolute http(s) URL without a query.");
        }

        return uri;
    }

    // tableServiceUri as the Functions host names it; else accountName's, else the blob URI's account on the same cloud.
    private static Uri TableServiceUriOf(IConfigurationSection section, Uri blobServiceUri)
    {
        if (!string.IsNullOrWhiteSpace(section["tableServiceUri"]) || !string.IsNullOrWhiteSpace(section["accountName"]))
        {
            return IdentityServiceUri(section, "tableServiceUri", "table");
        }

        var host = blobServiceUri.Host;
        var dot = host.IndexOf(".blob.", StringComparison.OrdinalIgnoreCase);
        if (dot <= 0)
        {
            throw new InvalidSettingException(
                $"{SettingName}:tableServiceUri is missing: the job index lives in Table storage, and it cannot be derived from {SettingName}:blobServiceUri.");
        }

        return new UriBuilder(blobServiceUri) { Host = string.Concat(host.AsSpan(0, dot), ".table.", host.AsSpan(dot + ".blob.".Length)) }.Uri;
    }

    private static Uri WithoutQuery(Uri uri) => new(uri.GetLeftPart(UriPartial.Path));

    // The SDK's parse errors name settings ("Duplicate setting 'AccountName' found."); keep one only if it repeats no value.
    private static string SafeReason(string message, string connectionString)
    {
        var values = connectionString.Split(';').Select(s => s[(s.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim()).Where(v => v.Length >= 4);
        return values.Any(v => message.Contains(v, StringComparison.Ordinal)) ? "the Azure SDK could not parse it" : message.TrimEnd('.');
    }

    private static InvalidOperationException IdentityNeedsRegistration() =>
        new($"Identity-based {SettingName} settings are turned into clients by AddScoreJobs (Microsoft.Extensions.Azure), not directly.");

    private static InvalidSettingException Invalid(string reason) =>
        new($"{SettingName} is not a usable storage connection string: {reason}.");
}
