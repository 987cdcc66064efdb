using System.Net.Http.Headers;
using Azure.Core;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// Adds an Entra ID access token for the Storage data plane to every request, fetching a new one
/// five minutes before the cached one expires.
/// </summary>
internal sealed class BearerTokenAuthenticationHandler(TokenCredential credential, TimeProvider timeProvider) : DelegatingHandler
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile CachedToken? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && !NeedsRefresh(cached)) return cached.Token;

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } current && !NeedsRefresh(current)) return current.Token;
            var fresh = await credential.GetTokenAsync(new TokenRequestContext([StorageAccountSettings.TokenScope]), cancellationToken);
            _token = new CachedToken(fresh.Token, fresh.ExpiresOn);
            return fresh.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private bool NeedsRefresh(CachedToken token) => token.ExpiresOn - RefreshMargin <= timeProvider.GetUtcNow();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _refresh.Dispose();
        base.Dispose(disposing);
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresOn);
}
