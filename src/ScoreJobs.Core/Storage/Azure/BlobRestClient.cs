using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// The few Blob service REST operations the job store needs, on one container: create the container,
/// put a blob conditionally, get a blob, list blobs with metadata. Small on purpose, so the Azure.Storage.Blobs
/// SDK can replace it where that package restores.
/// </summary>
internal sealed class BlobRestClient(HttpClient httpClient, Uri containerUri)
{
    /// <summary>The most blobs one List Blobs call returns.</summary>
    public const int MaxListResults = 5000;

    public Uri ContainerUri { get; } = containerUri;

    public string ContainerName => ContainerUri.Segments[^1].TrimEnd('/');

    /// <summary>Creates the container; an existing one is fine.</summary>
    public async Task CreateContainerIfNotExistsAsync(CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Put, new Uri($"{ContainerUri}?restype=container"));
        request.Content = new ByteArrayContent([]);
        var operation = $"Create Container {ContainerName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created) return;
        if (response.StatusCode == HttpStatusCode.Conflict && StorageRestProtocol.ErrorCode(response) == "ContainerAlreadyExists") return;
        throw StorageRestProtocol.Failure(response, operation);
    }

    /// <summary>
    /// Writes a block blob. With <paramref name="ifNoneMatch"/> <c>*</c> only when it does not exist yet; with
    /// <paramref name="ifMatch"/> only when it is still at that ETag. Returns the new ETag, or null when the
    /// condition did not hold (the blob exists, changed, or is gone).
    /// </summary>
    public async Task<string?> PutBlobAsync(
        string blobName,
        byte[] content,
        string contentType,
        IReadOnlyDictionary<string, string>? metadata,
        string? ifMatch,
        string? ifNoneMatch,
        CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Put, BlobUri(blobName));
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation($"x-ms-meta-{name}", value);
        }

        request.Content = new ByteArrayContent(content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        var operation = $"Put Blob {ContainerName}/{blobName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return StorageRestProtocol.ETag(response) ?? throw new StorageRequestException(operation, response.StatusCode, "MissingETag");
        }

        var errorCode = StorageRestProtocol.ErrorCode(response);
        var conditionFailed = response.StatusCode switch
        {
            HttpStatusCode.PreconditionFailed => true,
            HttpStatusCode.Conflict => errorCode == "BlobAlreadyExists",
            HttpStatusCode.NotFound => ifMatch is not null && errorCode == "BlobNotFound",
            _ => false,
        };
        if (conditionFailed) return null;
        throw StorageRestProtocol.Failure(response, operation);
    }

    /// <summary>The blob's content and ETag, or null when there is no such blob (or container).</summary>
    public async Task<BlobDownload?> GetBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        using var request = StorageRestProtocol.NewRequest(HttpMethod.Get, BlobUri(blobName));
        var operation = $"Get Blob {ContainerName}/{blobName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.StatusCode != HttpStatusCode.OK) throw StorageRestProtocol.Failure(response, operation);

        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var etag = StorageRestProtocol.ETag(response) ?? throw new StorageRequestException(operation, response.StatusCode, "MissingETag");
        return new BlobDownload(content, etag);
    }

    /// <summary>
    /// One List Blobs page in ascending name order. <paramref name="startFrom"/> begins the listing at that name
    /// (inclusive); <paramref name="marker"/> continues a previous page; with <paramref name="delimiter"/> names
    /// containing it fold into <see cref="BlobListPage.Prefixes"/>.
    /// </summary>
    public async Task<BlobListPage> ListBlobsAsync(
        string? prefix,
        string? delimiter,
        string? startFrom,
        string? marker,
        int maxResults,
        bool includeMetadata,
        CancellationToken cancellationToken)
    {
        var query = new StringBuilder("?restype=container&comp=list");
        Append(query, "prefix", prefix);
        Append(query, "delimiter", delimiter);
        Append(query, "startFrom", startFrom);
        Append(query, "marker", marker);
        Append(query, "maxresults", Math.Clamp(maxResults, 1, MaxListResults).ToString(CultureInfo.InvariantCulture));
        if (includeMetadata) Append(query, "include", "metadata");

        using var request = StorageRestProtocol.NewRequest(HttpMethod.Get, new Uri(ContainerUri + query.ToString()));
        var operation = $"List Blobs {ContainerName}";
        using var response = await StorageRestProtocol.SendAsync(httpClient, request, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && StorageRestProtocol.ErrorCode(response) == "ContainerNotFound")
        {
            return new BlobListPage([], [], null);
        }

        if (response.StatusCode != HttpStatusCode.OK) throw StorageRestProtocol.Failure(response, operation);

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var document = await XDocument.LoadAsync(stream, LoadOptions.None, cancellationToken);
        return ParseListPage(document);
    }

    internal static BlobListPage ParseListPage(XDocument document)
    {
        var root = document.Root ?? throw new FormatException("List Blobs returned an empty document.");
        var blobsElement = root.Element("Blobs");
        var blobs = new List<BlobListEntry>();
        var prefixes = new List<string>();
        foreach (var element in blobsElement?.Elements() ?? [])
        {
            if (element.Name.LocalName == "Blob")
            {
                var metadata = element.Element("Metadata")?.Elements()
                    .GroupBy(m => m.Name.LocalName.ToLowerInvariant())
                    .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal)
                    ?? new Dictionary<string, string>(StringComparer.Ordinal);
                blobs.Add(new BlobListEntry(EntryName(element), element.Element("Properties")?.Element("Etag")?.Value, metadata));
            }
            else if (element.Name.LocalName == "BlobPrefix")
            {
                prefixes.Add(EntryName(element));
            }
        }

        var nextMarker = root.Element("NextMarker")?.Value;
        return new BlobListPage(blobs, prefixes, string.IsNullOrEmpty(nextMarker) ? null : nextMarker);
    }

    // Names that XML cannot carry come URL-encoded with Encoded="true".
    private static string EntryName(XElement element)
    {
        var name = element.Element("Name");
        if (name is null) return "";
        return (string?)name.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(name.Value) : name.Value;
    }

    private Uri BlobUri(string blobName) =>
        new($"{ContainerUri}/{string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString))}");

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is null) return;
        query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }
}
