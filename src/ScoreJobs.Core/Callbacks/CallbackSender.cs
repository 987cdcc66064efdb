using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace ScoreJobs.Callbacks;

/// <summary>
/// Makes one signed delivery attempt. The headers are Standard Webhooks': <c>webhook-id</c>, <c>webhook-timestamp</c>
/// (Unix seconds, from the injected clock) and <c>webhook-signature</c> (<c>v1,</c> + base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>, computed by the StandardWebhooks package). The named client behind it refuses
/// forbidden addresses at connect time, follows no redirects and gives each attempt <see cref="CallbackOptions.AttemptTimeoutSeconds"/>.
/// </summary>
public sealed class CallbackSender(IHttpClientFactory httpClients, CallbackUrlPolicy policy, IOptions<CallbackOptions> options, TimeProvider time)
{
    public const string HttpClientName = "ScoreJobs.Callbacks";
    public const int MaxErrorLength = 300;

    private readonly StandardWebhook? _webhook = options.Value.Enabled ? new StandardWebhook(options.Value.Secret!.Trim()) : null;

    /// <summary>POSTs <paramref name="body"/> (JSON) to <paramref name="url"/>, signed; never throws for the receiver's faults.</summary>
    public async Task<CallbackResult> SendAsync(string url, string webhookId, string body, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        if (_webhook is null) return Refused("callbacks were turned off on this server before it could be delivered");
        if (policy.Check(url) is { } reason) return Refused("callback_url " + reason);

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", _webhook.Sign(webhookId, at, body));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return Result(CallbackOutcome.Delivered, status, null);
            return Result(CallbackOutcome.Failed, status, status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed" : $"HTTP {status}");
        }
        catch (HttpRequestException ex) when (FindRefusal(ex) is { } refusal)
        {
            return Refused(refusal.Message);
        }
        catch (HttpRequestException ex)
        {
            return Result(CallbackOutcome.Failed, null, $"could not reach the receiver: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Result(CallbackOutcome.Failed, null, $"no answer within {options.Value.AttemptTimeoutSeconds} s");
        }

        CallbackResult Refused(string error) => Result(CallbackOutcome.Refused, null, error);

        CallbackResult Result(CallbackOutcome outcome, int? status, string? error) =>
            new(outcome, new CallbackAttempt(at, status, error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error, (long)time.GetElapsedTime(started).TotalMilliseconds));
    }

    private static CallbackRefusedException? FindRefusal(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is CallbackRefusedException refused) return refused;
        }

        return null;
    }
}
