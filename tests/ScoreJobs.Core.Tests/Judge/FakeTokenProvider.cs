using System.ClientModel;
using System.ClientModel.Primitives;

namespace ScoreJobs.Judge;

/// <summary>Hands out a fixed Entra ID token (or fails as told) and remembers the scopes asked for.</summary>
internal sealed class FakeTokenProvider(string token, Exception? failure = null) : AuthenticationTokenProvider
{
    public List<string> Scopes { get; } = [];

    public override GetTokenOptions? CreateTokenOptions(IReadOnlyDictionary<string, object> properties) => new(properties);

    public override AuthenticationToken GetToken(GetTokenOptions options, CancellationToken cancellationToken)
    {
        if (failure is not null) throw failure;
        if (options.Properties.TryGetValue(GetTokenOptions.ScopesPropertyName, out var scopes) && scopes is ReadOnlyMemory<string> list)
        {
            lock (Scopes) Scopes.AddRange(list.ToArray());
        }

        return new AuthenticationToken(token, "Bearer", DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AuthenticationToken> GetTokenAsync(GetTokenOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(options, cancellationToken));
}
