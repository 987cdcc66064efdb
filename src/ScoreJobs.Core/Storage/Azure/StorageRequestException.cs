using System.Net;

namespace ScoreJobs.Storage.Azure;

/// <summary>
/// A Storage REST call that failed: an error status from the service, or no answer at all
/// (<see cref="Status"/> null: refused, reset, timed out). The message names the operation,
/// the status and the service's error code; never a key, a token or a query string.
/// </summary>
public sealed class StorageRequestException : Exception
{
    public StorageRequestException(string operation, HttpStatusCode? status, string? errorCode, Exception? innerException = null, string? hint = null)
        : base(Describe(operation, status, errorCode, innerException) + (hint is null ? "" : " " + hint), innerException)
    {
        Operation = operation;
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageRequestException()
        : this("Storage request", null, null)
    {
    }

    public StorageRequestException(string message)
        : base(message)
    {
        Operation = "Storage request";
    }

    public StorageRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = "Storage request";
    }

    /// <summary>What was attempted, e.g. <c>Put Blob score-jobs/{name}</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status the service answered with, or null when it could not be reached.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The service's <c>x-ms-error-code</c> (<c>ConditionNotMet</c>, <c>QueueNotFound</c>...), when it sent one.</summary>
    public string? ErrorCode { get; }

    private static string Describe(string operation, HttpStatusCode? status, string? errorCode, Exception? inner) =>
        status is { } code
            ? $"{operation} failed: {(int)code} {errorCode ?? code.ToString()}."
            : $"{operation} failed: the storage service could not be reached ({inner?.GetType().Name ?? "no response"}: {inner?.Message}).";
}
