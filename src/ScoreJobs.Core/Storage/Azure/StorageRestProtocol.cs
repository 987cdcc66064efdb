using System.Net;

namespace ScoreJobs.Storage.Azure;

/// <summary>What every Blob and Queue REST call shares: the pinned service version, the HTTP client, error mapping.</summary>
internal static class StorageRestProtocol
{
    /// <summary>
    /// The one <c>x-ms-version</c> sent on every request. 2026-02-06 is the first service version whose List Blobs
    /// takes <c>startFrom</c>, which lets a list page after a cursor cost one request; Azure serves it, and Azurite
    /// accepts it from 3.37.0 (older Azurite refuses it with a clear error instead of silently ignoring startFrom).
    /// </summary>
    public const string Version = "2026-02-06";

    public static HttpClient CreateHttpClient(StorageAccountSettings settings, TimeProvider timeProvider)
    {
        var transport = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
        };

        DelegatingHandler authentication = settings.AccountKey is { } key
            ? new SharedKeyAuthenticationHandler(new SharedKeySigner(settings.AccountName, key), timeProvider)
            : new BearerTokenAuthenticationHandler(settings.Credential!, timeProvider);
        authentication.InnerHandler = transport;
        // Retries wrap authentication, so each attempt is dated and signed afresh.
        var retry = new StorageRetryHandler(timeProvider) { InnerHandler = authentication };
        return new HttpClient(retry) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static HttpRequestMessage NewRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-ms-version", Version);
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>Sends <paramref name="request"/>; a transport failure becomes a <see cref="StorageRequestException"/> without a status.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient httpClient, HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new StorageRequestException(operation, null, null, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageRequestException(operation, null, null, new TimeoutException("The storage request timed out.", exception));
        }
    }

    public static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;

    public static StorageRequestException Failure(HttpResponseMessage response, string operation)
    {
        var errorCode = ErrorCode(response);
        var hint = response.StatusCode == HttpStatusCode.BadRequest && errorCode == "InvalidHeaderValue"
            ? $"The service may not accept x-ms-version {Version}: Azurite accepts it from 3.37.0 (npm ci --prefix tools/azurite installs that)."
            : null;
        return new StorageRequestException(operation, response.StatusCode, errorCode, hint: hint);
    }

    public static string? ETag(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault() : null;
}
