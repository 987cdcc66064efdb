using System.ClientModel;
using System.Text.Json;
using Azure.Identity;
using ScoreJobs.Redaction;

namespace ScoreJobs.Judge;

/// <summary>
/// One failed HTTP call, classified: the failure a record will show, whether a retry may help, and
/// what the server said (for the request-shape fallback).
/// </summary>
internal sealed record CallFailure(
    JudgeFailure Failure,
    bool Retryable,
    TimeSpan? RetryAfter = null,
    int Status = 0,
    string? ErrorCode = null,
    string? ErrorParam = null,
    string? ServerMessage = null)
{
    /// <summary>400 or 422: the server refused the request itself, perhaps for a feature it lacks.</summary>
    public bool IsRejectedRequest => Status is 400 or 422;

    public static CallFailure Timeout(TimeSpan callTimeout) => new(
        new JudgeFailure(JudgeFailureKind.Timeout, $"the judge did not answer within {callTimeout.TotalSeconds:0.###} s (ScoreJobs__Judge__CallTimeoutSeconds)"),
        Retryable: true);

    public static CallFailure Credential(Exception ex, SecretRedactor scrubber) => new(
        new JudgeFailure(JudgeFailureKind.Auth, "no Entra ID token for the judge endpoint (DefaultAzureCredential): " +
            scrubber.Scrub(ex.Message.Split('\n')[0], 300)),
        Retryable: false);

    public static CallFailure UnreadableResponse(Exception ex) => new(
        new JudgeFailure(JudgeFailureKind.ModelError, $"the judge endpoint's response is not an OpenAI-compatible reply ({ex.GetType().Name})"),
        Retryable: false);

    /// <summary>
    /// What a failed attempt threw, classified; null for an exception that is not a failed call (a bug), which
    /// the caller lets through. <see cref="ClientResultException"/> is how the OpenAI and Azure OpenAI clients
    /// report an HTTP failure; <see cref="HttpRequestException"/> is what other providers' adapters throw.
    /// </summary>
    public static CallFailure? From(Exception exception, DateTimeOffset now, SecretRedactor scrubber) => exception switch
    {
        ClientResultException ex => FromResponse(ex, now, scrubber),
        AuthenticationFailedException ex => Credential(ex, scrubber),
        HttpRequestException { StatusCode: null } ex => Unreachable(ex, scrubber),
        HttpRequestException { StatusCode: { } status } ex => FromStatus((int)status, null, ex.Message, null, scrubber),
        JsonException or FormatException or InvalidOperationException or KeyNotFoundException => UnreadableResponse(exception),
        _ => null,
    };

    public static CallFailure FromResponse(ClientResultException ex, DateTimeOffset now, SecretRedactor scrubber)
    {
        // The SDK reports a network failure (refused, reset, DNS) as status 0.
        if (ex.Status == 0) return Unreachable(ex.InnerException ?? ex, scrubber);

        var response = ex.GetRawResponse();
        var (code, param, serverMessage) = ReadError(response?.Content);
        return FromStatus(ex.Status, code, serverMessage, RetryAfterHeader.Read(response, now), scrubber, param);
    }

    private static CallFailure Unreachable(Exception cause, SecretRedactor scrubber) =>
        new(new JudgeFailure(JudgeFailureKind.ModelError, "could not reach the judge endpoint: " + scrubber.Scrub(cause.Message, 200)), Retryable: true);

    private static CallFailure FromStatus(int status, string? code, string? serverMessage, TimeSpan? retryAfter, SecretRedactor scrubber, string? param = null)
    {
        serverMessage = serverMessage is null ? null : scrubber.Redact(serverMessage);
        var said = string.IsNullOrWhiteSpace(serverMessage) ? "" : ": " + scrubber.Scrub(serverMessage);

        return status switch
        {
            // A rejected key may be echoed back in part: keep the server's words out of the record.
            401 or 403 => new(new JudgeFailure(JudgeFailureKind.Auth,
                $"the judge endpoint refused the credentials (HTTP {status}); check ScoreJobs__Judge__ApiKey or, with Entra ID, " +
                "that the identity has the 'Cognitive Services OpenAI User' role"), Retryable: false, Status: status),
            429 when code is "insufficient_quota" => new(new JudgeFailure(JudgeFailureKind.RateLimit,
                $"the judge account's quota is exhausted (HTTP 429){said}"), Retryable: false, Status: status, ErrorCode: code),
            429 => new(new JudgeFailure(JudgeFailureKind.RateLimit, $"the judge endpoint is rate limiting (HTTP 429){said}"),
                Retryable: true, retryAfter, status, code, param, serverMessage),
            408 => new(new JudgeFailure(JudgeFailureKind.Timeout, $"the judge endpoint timed out (HTTP 408){said}"),
                Retryable: true, retryAfter, status, code, param, serverMessage),
            404 => new(new JudgeFailure(JudgeFailureKind.ModelError,
                $"the judge endpoint has no such model or deployment, or the endpoint URL is wrong (HTTP 404){said}"),
                Retryable: false, Status: status, ErrorCode: code, ErrorParam: param, ServerMessage: serverMessage),
            >= 500 => new(new JudgeFailure(JudgeFailureKind.ModelError, $"the judge endpoint failed (HTTP {status}){said}"),
                Retryable: true, retryAfter, status, code, param, serverMessage),
            _ => new(new JudgeFailure(JudgeFailureKind.ModelError, $"the judge endpoint rejected the request (HTTP {status}){said}"),
                Retryable: false, Status: status, ErrorCode: code, ErrorParam: param, ServerMessage: serverMessage),
        };
    }

    /// <summary>The OpenAI error body <c>{"error":{"message","code","param"}}</c>, tolerating whatever else a server sends.</summary>
    private static (string? Code, string? Param, string? Message) ReadError(BinaryData? content)
    {
        if (content is null) return default;
        var text = content.ToString();
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            if (error.ValueKind == JsonValueKind.String) return (null, null, error.GetString());
            if (error.ValueKind != JsonValueKind.Object) return (null, null, null);
            return (String(error, "code"), String(error, "param"), String(error, "message"));
        }
        catch (JsonException)
        {
            return (null, null, text.Length > 0 ? text : null);
        }

        static string? String(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            } : null;
    }
}
