using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Metrics;

namespace ScoreJobs.Judge;

public sealed class JudgeRetryPipelineTests
{
    [Fact]
    public async Task Create_RetryableFailuresThenSuccess_RetriesUntilSuccess()
    {
        var (attempts, result) = await RunAsync(new JudgeOptions { MaxRetries = 3, RetryBaseDelaySeconds = 0 }, Retryable(), Retryable(), null);

        Assert.Null(result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Create_RetryableFailuresBeyondMaxRetries_ReturnsTheLastAfterMaxRetriesPlusOneAttempts()
    {
        var (attempts, result) = await RunAsync(new JudgeOptions { MaxRetries = 2, RetryBaseDelaySeconds = 0 }, Retryable(), Retryable(), Retryable("last"), null);

        Assert.Equal("last", result?.Failure.Message);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Create_FailureNoRetryCanFix_NotRetried()
    {
        var refused = new CallFailure(new JudgeFailure(JudgeFailureKind.Auth, "refused"), Retryable: false, Status: 401);

        var (attempts, result) = await RunAsync(new JudgeOptions { MaxRetries = 3, RetryBaseDelaySeconds = 0 }, refused, null);

        Assert.Same(refused, result);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Create_RetryAfterBeyondMaxRetryDelay_NotRetried()
    {
        var (attempts, result) = await RunAsync(new JudgeOptions { MaxRetries = 3, MaxRetryDelaySeconds = 5 },
            Retryable() with { RetryAfter = TimeSpan.FromSeconds(6) }, null);

        Assert.Equal(TimeSpan.FromSeconds(6), result?.RetryAfter);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Create_NoRetriesOrZeroDelays_BuildsAndBehaves()
    {
        var (once, _) = await RunAsync(new JudgeOptions { MaxRetries = 0 }, Retryable(), null);
        var (again, result) = await RunAsync(new JudgeOptions { MaxRetries = 1, RetryBaseDelaySeconds = 0, MaxRetryDelaySeconds = 0 }, Retryable(), null);

        Assert.Equal(1, once);
        Assert.Equal(2, again);
        Assert.Null(result);
    }

    [Fact]
    public void Jittered_RetryAfter_NeverShorterAndAtMostTenPercentLonger()
    {
        var asked = TimeSpan.FromSeconds(2);

        var delays = Enumerable.Range(0, 200).Select(_ => JudgeRetryPipeline.Jittered(asked)).ToList();

        Assert.All(delays, d => Assert.InRange(d, asked, asked * 1.1));
        Assert.True(delays.Distinct().Count() > 1, "no jitter");
    }

    [Fact]
    public void Jittered_LongRetryAfter_AtMostOneSecondLonger()
    {
        var asked = TimeSpan.FromSeconds(50);

        Assert.All(Enumerable.Range(0, 200), _ => Assert.InRange(JudgeRetryPipeline.Jittered(asked), asked, asked + TimeSpan.FromSeconds(1)));
    }

    private static CallFailure Retryable(string message = "busy") =>
        new(new JudgeFailure(JudgeFailureKind.ModelError, message), Retryable: true, Status: 503);

    /// <summary>Runs the pipeline over attempts that fail as scripted (null = success); returns how many ran and the outcome.</summary>
    private static async Task<(int Attempts, CallFailure? Result)> RunAsync(JudgeOptions options, params CallFailure?[] outcomes)
    {
        var sut = JudgeRetryPipeline.Create(options, new FakeTimeProvider(), NullLogger.Instance);
        var attempts = 0;
        var result = await sut.ExecuteAsync(_ => ValueTask.FromResult(outcomes[attempts++]));
        return (attempts, result);
    }
}
