using Azure.Core;

namespace ScoreJobs.Judge;

/// <summary>Hands out a fixed Entra ID token (or fails as told) and remembers the scopes asked for.</summary>
internal sealed class FakeTokenCredential(string token, Exception? failure = null) : TokenCredential
{
    public List<string> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        if (failure is not null) throw failure;
        lock (Scopes) Scopes.AddRange(requestContext.Scopes);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
