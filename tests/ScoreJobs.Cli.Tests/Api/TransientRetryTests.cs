using System.Net;
using Polly;
using Polly.Timeout;

namespace ScoreJobs.Cli.Api;

public sealed class TransientRetryTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Accepted, false)]
    public void IsTransient_Status_RetriesOnlyWhatAnotherTryCanFix(HttpStatusCode status, bool transient)
    {
        using var response = new HttpResponseMessage(status);

        Assert.Equal(transient, TransientRetry.IsTransient(Outcome.FromResult(response)));
    }

    [Fact]
    public void IsTransient_RefusedConnectionOrTimeout_IsRetried()
    {
        Assert.True(TransientRetry.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused"))));
        Assert.True(TransientRetry.IsTransient(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
    }

    [Fact]
    public void IsTransient_UnknownHostName_IsNotRetried()
    {
        Assert.False(TransientRetry.IsTransient(Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"))));
    }

    [Fact]
    public void RetryAfter_Seconds_IsTheDelay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), TransientRetry.RetryAfter(response));
    }
}
