using System.Globalization;

namespace ScoreJobs.Storage.Azure;

/// <summary>Dates and signs every outgoing request with the account key.</summary>
internal sealed class SharedKeyAuthenticationHandler(SharedKeySigner signer, TimeProvider timeProvider) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", signer.Authorization(request));
        return base.SendAsync(request, cancellationToken);
    }
}
