using System.Net;
using Azure.Core;

namespace ScoreJobs.Storage.Azure;

public sealed class BearerTokenAuthenticationHandlerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CountingCredential _credential = new();
    private readonly RecordingTransport _transport = new();

    private HttpClient CreateSut() =>
        new(new BearerTokenAuthenticationHandler(_credential, _time) { InnerHandler = _transport });

    [Fact]
    public async Task SendAsync_TwoRequests_OneTokenForBothWithStorageScope()
    {
        using var client = CreateSut();
        _credential.Lifetime = TimeSpan.FromHours(1);

        await client.GetAsync(new Uri("https://acct.blob.core.windows.net/c"));
        await client.GetAsync(new Uri("https://acct.blob.core.windows.net/c"));

        Assert.Equal(1, _credential.Calls);
        Assert.Equal(["https://storage.azure.com/.default"], _credential.LastScopes);
        Assert.All(_transport.Authorizations, a => Assert.Equal("Bearer token-1", a));
    }

    [Fact]
    public async Task SendAsync_TokenNearExpiry_FetchesANewOne()
    {
        using var client = CreateSut();
        _credential.Lifetime = TimeSpan.FromMinutes(30);
        await client.GetAsync(new Uri("https://acct.blob.core.windows.net/c"));

        _time.Now += TimeSpan.FromMinutes(26);
        await client.GetAsync(new Uri("https://acct.blob.core.windows.net/c"));

        Assert.Equal(2, _credential.Calls);
        Assert.Equal("Bearer token-2", _transport.Authorizations[^1]);
    }

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class CountingCredential : TokenCredential
    {
        public int Calls { get; private set; }

        public TimeSpan Lifetime { get; set; }

        public string[] LastScopes { get; private set; } = [];

        public DateTimeOffset Now { get; set; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            LastScopes = requestContext.Scopes;
            return new AccessToken($"token-{Calls}", Now + Lifetime);
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class RecordingTransport : HttpMessageHandler
    {
        public List<string?> Authorizations { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorizations.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
