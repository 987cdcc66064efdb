using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ScoreJobs.Storage.Azure;

namespace ScoreJobs.Index.Tables;

/// <summary>The service version and retries of every Table client ScoreJobs makes, registered or direct.</summary>
internal static class TableIndexClients
{
    /// <summary>2020-12-06, the newest the SDK knows; Azure and Azurite 3.37 both serve it.</summary>
    public const TableClientOptions.ServiceVersion Version = TableClientOptions.ServiceVersion.V2020_12_06;

    public static TableClientOptions Options(HttpClient? transport = null)
    {
        var options = new TableClientOptions(Version);
        StorageClients.ConfigureRetries(options);
        if (transport is not null) options.Transport = new HttpClientTransport(transport);
        return options;
    }
}
