using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ScoreJobs.Requests;

namespace ScoreJobs.Sampling;

/// <summary>
/// Whether a live call is scored. The choice hashes what a retry repeats, in this order: the Idempotency-Key, else
/// <c>metadata.workflow_run_id</c> (Dify's run of the workflow), else the body. The first 53 bits of its SHA-256 are a
/// number in [0, 1) that is scored when below the rate, so one call always gets the same answer, and a share
/// <c>rate</c> of distinct calls is scored.
/// </summary>
public sealed class SamplingPolicy(IOptions<ScoreJobsOptions> options)
{
    public const string AppTag = "app";
    public const string WorkflowRunTag = "workflow_run_id";

    /// <summary>The rate that applies to <paramref name="request"/>: its app's, else the global one.</summary>
    internal double RateFor(ScoreRequest request)
    {
        var sampling = options.Value.Sampling;
        return request.Metadata?.TryGetValue(AppTag, out var app) == true && sampling.Apps.TryGetValue(app, out var appRate) ? appRate : sampling.Rate;
    }

    internal bool IsSampled(ScoreRequest request, string? idempotencyKey, ReadOnlySpan<byte> body)
    {
        var rate = RateFor(request);
        if (rate >= 1) return true;
        if (rate <= 0) return false;
        return Draw(request, idempotencyKey, body) < rate;
    }

    /// <summary>The call's number in [0, 1).</summary>
    internal static double Draw(ScoreRequest request, string? idempotencyKey, ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        if (idempotencyKey is not null) SHA256.HashData(Encoding.UTF8.GetBytes("key\n" + idempotencyKey), hash);
        else if (request.Metadata?.TryGetValue(WorkflowRunTag, out var run) == true) SHA256.HashData(Encoding.UTF8.GetBytes("workflow_run_id\n" + run), hash);
        else SHA256.HashData(body, hash);
        return (BinaryPrimitives.ReadUInt64BigEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
