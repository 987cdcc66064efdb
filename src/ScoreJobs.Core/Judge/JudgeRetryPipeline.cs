using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ScoreJobs.Judge;

/// <summary>
/// The judge's retries, as a Polly pipeline over the outcome of one attempt (null = success, else its
/// <see cref="CallFailure"/>): exponential backoff with jitter up to <c>MaxRetryDelaySeconds</c>, or what the server
/// asked in <c>retry-after-ms</c> / <c>Retry-After</c> plus a little jitter. A failure no retry can fix, or a server
/// asking to wait longer than the maximum, ends the call at once. Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
internal static class JudgeRetryPipeline
{
    public static ResiliencePipeline<CallFailure?> Create(JudgeOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<CallFailure?> { TimeProvider = time };
        if (options.MaxRetries == 0) return builder.Build();

        var maxDelay = MaxDelay(options);
        return builder.AddRetry(new RetryStrategyOptions<CallFailure?>
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(options.RetryBaseDelaySeconds),
            MaxDelay = maxDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Retryable: true } failure && !(failure.RetryAfter > maxDelay)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } asked ? Jittered(asked) : (TimeSpan?)null),
            OnRetry = args =>
            {
                var failure = args.Outcome.Result!;
                Log.JudgeCallRetrying(logger, args.Context.OperationKey ?? "", failure.Failure.Kind, failure.Status,
                    args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
    }

    public static TimeSpan MaxDelay(JudgeOptions options) => TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);

    /// <summary>The server's delay plus up to 10% (at most 1 s), so callers told the same instant do not return together.</summary>
    public static TimeSpan Jittered(TimeSpan retryAfter) =>
        retryAfter + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(1000, retryAfter.TotalMilliseconds * 0.1));
}
