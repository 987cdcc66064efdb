namespace ScoreJobs.Callbacks;

/// <summary>How one attempt ended.</summary>
public enum CallbackOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>A non-2xx answer, a timeout or a network error: worth another attempt.</summary>
    Failed,

    /// <summary>The URL or the address it resolved to is not allowed (or callbacks were turned off): not sent, not retried.</summary>
    Refused,
}
