using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ScoreJobs.Index.Tables;

/// <summary>
/// The shard a job's share of a count is kept in, the same in every process. <see cref="string.GetHashCode()"/> is seeded
/// per process, so a job written by one instance and rewritten by another (queued on one, completed on another, or after
/// a restart) would move between shards: its old share taken out of a shard it was never added to. The sums over all
/// shards stayed right, but single shards went negative, and a cell whose count came back to zero was dropped with
/// whatever sum it still held. XxHash32 of the id (System.IO.Hashing, which the Storage SDK brings).
/// </summary>
internal static class JobShard
{
    public static int Of(string jobId, int shards) =>
        (int)(XxHash32.HashToUInt32(MemoryMarshal.AsBytes(jobId.AsSpan())) % (uint)shards);
}
