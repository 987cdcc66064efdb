using System.Buffers;

namespace ScoreJobs.Statistics;

/// <summary>
/// The pool agreement's n-sized arrays are rented from. Its own rather than <see cref="ArrayPool{T}.Shared"/>: the shared
/// pool keeps arrays per thread and per core for good, and with each report on whichever thread-pool thread the request
/// landed on it came to hold several reports' worth (the server grew from 184 to 260 MiB over the agreement bench). This
/// one keeps at most <see cref="PerSize"/> arrays of a size: what one report rents at once, about 20 MB at 100,000 jobs.
/// Reports computed side by side allocate what it lacks, and the garbage collector takes that back.
/// </summary>
internal static class AgreementArrays<T>
{
    /// <summary>Arrays kept per size: the most of one element type and size a report holds at once (seven int arrays).</summary>
    public const int PerSize = 8;

    /// <summary>The longest array kept: 2^20 items, enough for a million jobs; longer ones are allocated each time.</summary>
    public const int MaxLength = 1 << 20;

    public static ArrayPool<T> Pool { get; } = ArrayPool<T>.Create(MaxLength, PerSize);
}
