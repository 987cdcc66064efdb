using System.Net;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Retries a storage request twice, after 100 ms and 400 ms, when the service was busy or failed
/// (408, 500, 503) or the connection could not be made. A conditional write (<c>If-Match</c>,
/// <c>If-None-Match</c>) is retried only when nothing reached the service: after an ambiguous failure
/// it may have been applied, and a retry would then report a conflict with itself. Longer outages are
/// the caller's to ride out (the worker backs off); this only smooths over blips.
/// </summary>
internal sealed class StorageRetryHandler(TimeProvider timeProvider) : DelegatingHandler
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var conditional = request.Headers.Contains("If-Match") || request.Headers.Contains("If-None-Match");
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException exception) when (attempt < Delays.Length && (!conditional || exception.HttpRequestError == HttpRequestError.ConnectionError))
            {
                await Task.Delay(Jittered(Delays[attempt]), timeProvider, cancellationToken);
                continue;
            }

            if (attempt >= Delays.Length || conditional || !IsTransient(response.StatusCode)) return response;
            response.Dispose();
            await Task.Delay(Jittered(Delays[attempt]), timeProvider, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable;

    private static TimeSpan Jittered(TimeSpan delay) => delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
}
