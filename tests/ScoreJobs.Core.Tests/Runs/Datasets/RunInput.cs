using Microsoft.AspNetCore.WebUtilities;
using ScoreJobs.Requests;
using System.Text;

namespace ScoreJobs.Runs.Datasets;

/// <summary>Submits a run as the HTTP handler will: content type, body bytes and the parsed query string.</summary>
internal static class RunInput
{
    public const string Json = "application/json";
    public const string JsonLines = "application/x-ndjson";
    public const string Csv = "text/csv";

    public static (RunSubmission? Run, Dictionary<string, string[]> Errors) Read(string? contentType, string body, string query = "") =>
        Read(contentType, Encoding.UTF8.GetBytes(body), query);

    public static (RunSubmission? Run, Dictionary<string, string[]> Errors) Read(string? contentType, byte[] body, string query = "")
    {
        var errors = new RequestErrors();
        using var stream = new MemoryStream(body, writable: false);
        var run = RunSubmissionReader.Read(contentType, stream, QueryHelpers.ParseQuery(query), errors);
        return (run, errors.ToDictionary());
    }

    /// <summary>The one message of <paramref name="field"/>, failing when there is none or several.</summary>
    public static string Message(this Dictionary<string, string[]> errors, string field) =>
        Assert.Single(Assert.Contains(field, errors));
}
