using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ScoreJobs.Judge;
using ScoreJobs.Requests;

namespace ScoreJobs.Metrics.Judged;

/// <summary>
/// The judge calls that several metrics of one job make alike (breaking the answer or the reference into claims), made
/// once: the first metric to ask makes the call and pays for it, the others wait for the same reply. The response cache
/// cannot do this: the metrics of a job run at once, so the second asks before the first has stored anything.
/// </summary>
/// <remarks>
/// Scoring finds a job's set by its request (<see cref="For"/>): every metric of a job is given the same request object,
/// and the set goes when the request does. A plan (a dry run) is given its own set per sample.
/// </remarks>
internal sealed class SharedJudgeCalls
{
    private static readonly ConditionalWeakTable<ScoreRequest, SharedJudgeCalls> ByRequest = new();

    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _planned = new(StringComparer.Ordinal);

    /// <summary>The shared calls of the job scoring <paramref name="request"/>.</summary>
    public static SharedJudgeCalls For(ScoreRequest request) => ByRequest.GetValue(request, _ => new SharedJudgeCalls());

    /// <summary>The reply to <paramref name="request"/>: asked through <paramref name="ask"/> by the first caller, awaited by the rest.</summary>
    public async Task<T> GetOrAskAsync<T>(JudgeChatRequest request, Func<Task<T>> ask)
        where T : class
    {
        var call = _calls.GetOrAdd(Key(request), _ => new Lazy<Task<object>>(async () => await ask().ConfigureAwait(false)));
        return (T)await call.Value.ConfigureAwait(false);
    }

    /// <summary>True the first time a plan meets <paramref name="request"/>: only that plan counts the call.</summary>
    public bool FirstToPlan(JudgeChatRequest request) => _planned.TryAdd(Key(request), true);

    private static string Key(JudgeChatRequest request) => string.Join('\u0001',
        request.Model, request.PromptVersion, request.Repetition, request.UseCache, request.ReplyName, request.SystemPrompt, request.UserPrompt);
}
