using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ScoreJobs.Storage.Azure;

/// <summary>The service version and retries of every Blob and Queue client ScoreJobs makes, registered or direct.</summary>
internal static class StorageClients
{
    /// <summary>
    /// 2026-02-06 is the first version whose List Blobs takes <c>startFrom</c>, so a page after a cursor is one call.
    /// The SDK's default (2026-10-06) is newer than Azurite 3.37.0 accepts (up to 2026-06-06); Azure serves both.
    /// </summary>
    public const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2026_02_06;

    public const QueueClientOptions.ServiceVersion QueueVersion = QueueClientOptions.ServiceVersion.V2026_02_06;

    /// <summary>
    /// Two quick retries (about 100 and 200 ms) smooth over blips, busy answers (408, 429, 5xx) and refused connections;
    /// longer outages are the caller's to ride out (the worker backs off), so a submit during one fails within a second.
    /// </summary>
    /// <summary>
    /// A table beside a container: the container's letters and digits, then <paramref name="suffix"/> (<c>score-jobs</c>
    /// and <c>index</c> give <c>scorejobsindex</c>), starting with a letter and at most 63 characters, as Table storage requires.
    /// </summary>
    public static string TableNameFor(string container, string suffix)
    {
        var name = new string([.. container.Where(char.IsAsciiLetterOrDigit)]) + suffix;
        if (!char.IsAsciiLetter(name[0])) name = "t" + name;
        return name.Length <= 63 ? name : name[..63];
    }

    public static void ConfigureRetries(ClientOptions options)
    {
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }

    public static BlobClientOptions BlobOptions(HttpClient? transport = null)
    {
        var options = new BlobClientOptions(BlobVersion);
        ConfigureRetries(options);
        if (transport is not null) options.Transport = new HttpClientTransport(transport);
        return options;
    }

    public static QueueClientOptions QueueOptions(HttpClient? transport = null)
    {
        var options = new QueueClientOptions(QueueVersion);
        ConfigureRetries(options);
        if (transport is not null) options.Transport = new HttpClientTransport(transport);
        return options;
    }
}
