using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace ScoreJobs.Cli.Api;

/// <summary>
/// How the standard resilience handler (Microsoft.Extensions.Http.Resilience) is set for the CLI's requests: each attempt
/// bounded by a timeout, retried with exponential backoff and jitter after a connection failure, a timeout, a 408, a 429
/// or a 5xx, waiting what the server asked in Retry-After where it did (at most a minute). A name that does not resolve
/// is not retried. POSTs are safe to retry: they carry one Idempotency-Key per invocation.
/// </summary>
internal static class TransientRetry
{
    private static readonly TimeSpan LongestRetryAfter = TimeSpan.FromSeconds(60);

    public static void Configure(HttpStandardResilienceOptions options, WaitTimings timings, TimeSpan attemptTimeout)
    {
        options.AttemptTimeout.Timeout = attemptTimeout;
        options.Retry.MaxRetryAttempts = timings.TransientRetries;
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.Retry.UseJitter = true;
        options.Retry.Delay = timings.FirstRetryDelay;
        options.Retry.MaxDelay = timings.MaxRetryDelay;
        options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        options.Retry.DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result) is { } asked ? TimeSpanMin(asked, LongestRetryAfter) : (TimeSpan?)null);
        // The CLI talks to one server, one request at a time: a circuit opened by a restarting server would only turn the
        // retries that ride it out into failures. Never tripped, it still has to pass the handler's validation.
        options.CircuitBreaker.ShouldHandle = _ => PredicateResult.False();
        options.CircuitBreaker.SamplingDuration = attemptTimeout * 2;
        // Each attempt has its own limit and the retries are counted, so the request as a whole needs none; the handler
        // requires one longer than the sum of the delays before their cap (0.5 s doubled 14 times is over two hours): a day.
        options.TotalRequestTimeout.Timeout = TimeSpan.FromDays(1);
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } } => false,
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    public static TimeSpan? RetryAfter(HttpResponseMessage? response) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static TimeSpan TimeSpanMin(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
