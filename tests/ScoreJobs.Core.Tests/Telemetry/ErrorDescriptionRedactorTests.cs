using System.Diagnostics;

namespace ScoreJobs.Telemetry;

public sealed class ErrorDescriptionRedactorTests
{
    private static Activity Failed(string source, string? errorType)
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activitySource = new ActivitySource(source);
        var span = activitySource.StartActivity("chat judge-model")!;
        if (errorType is not null) span.SetTag(TelemetryAttributes.ErrorType, errorType);
        span.SetStatus(ActivityStatusCode.Error, "HTTP 401 (invalid_api_key): Incorrect API key provided: sk-abc***xyz").Stop();
        return span;
    }

    [Fact]
    public void OnEnd_FailedSpanOfOurs_DescriptionIsTheErrorType()
    {
        var span = Failed(ScoreJobsTelemetry.Name, "System.ClientModel.ClientResultException");

        new ErrorDescriptionRedactor().OnEnd(span);

        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("System.ClientModel.ClientResultException", span.StatusDescription);
    }

    [Fact]
    public void OnEnd_FailedSpanOfOursWithoutErrorType_NoDescription()
    {
        var span = Failed(ScoreJobsTelemetry.Name, errorType: null);

        new ErrorDescriptionRedactor().OnEnd(span);

        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.StatusDescription);
    }

    [Fact]
    public void OnEnd_SomeoneElsesSpan_Untouched()
    {
        var span = Failed("Microsoft.AspNetCore", "System.Exception");

        new ErrorDescriptionRedactor().OnEnd(span);

        Assert.StartsWith("HTTP 401", span.StatusDescription, StringComparison.Ordinal);
    }
}
