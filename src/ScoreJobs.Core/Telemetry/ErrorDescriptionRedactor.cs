using System.Diagnostics;
using OpenTelemetry;

namespace ScoreJobs.Telemetry;

/// <summary>
/// Keeps what a failed span of ours says to its error type. Microsoft.Extensions.AI describes a failed judge call with
/// the exception's message, which quotes the endpoint's error text: OpenAI's echoes part of a rejected key, and any
/// endpoint may echo the prompt. The error type (<c>error.type</c>) and the status stay, so failures are still counted.
/// </summary>
internal sealed class ErrorDescriptionRedactor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.Status != ActivityStatusCode.Error || data.Source.Name != ScoreJobsTelemetry.Name) return;
        var errorType = data.GetTagItem(TelemetryAttributes.ErrorType) as string;
        if (data.StatusDescription is { } description && description != errorType) data.SetStatus(ActivityStatusCode.Error, errorType);
    }
}
