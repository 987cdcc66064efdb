using Microsoft.Extensions.Options;

namespace ScoreJobs.Http;

/// <summary>
/// Lets <see cref="ScoreJobsOptions.MaxConcurrentLargeRuns"/> run submissions larger than <see cref="LargeBytes"/> (or of
/// unknown length) be read and stored at once; the others wait before their body is read, so it stays on the wire, not in
/// memory. A submission that waits longer than <see cref="MaxWait"/> is answered 503 with Retry-After. A large body is
/// spooled to disk, but its parsed samples cost about three times its size until they are stored (UTF-16 text and the
/// parser's garbage): one at a time, and collected before the next, four 64 MiB uploads peak below 400 MiB (bench/, "uploads").
/// </summary>
public sealed class RunUploadGate(IOptions<ScoreJobsOptions> options, TimeProvider time) : IDisposable
{
    public const int LargeBytes = 8 * 1024 * 1024;
    public const int RetryAfterSeconds = 10;
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(120);

    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentLargeRuns, options.Value.MaxConcurrentLargeRuns);

    /// <summary>Large submissions being read or stored now.</summary>
    public int InUse => options.Value.MaxConcurrentLargeRuns - _slots.CurrentCount;

    /// <summary>
    /// A slot to release (dispose) when the submission is stored; an empty one for a small body; null when none came free
    /// within <see cref="MaxWait"/>.
    /// </summary>
    public async Task<IDisposable?> EnterAsync(long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is <= LargeBytes) return Slot.None;
        var wait = _slots.WaitAsync(cancellationToken);
        try
        {
            await wait.WaitAsync(MaxWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // The semaphore may still grant this wait later: give that slot straight back.
            _ = wait.ContinueWith(granted => { if (granted.IsCompletedSuccessfully) _slots.Release(); }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            if (ex is OperationCanceledException) throw;
            return null;
        }

        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim? slots) : IDisposable
    {
        public static readonly Slot None = new(null);
        private SemaphoreSlim? _slots = slots;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _slots, null) is not { } slots) return;

            // A large run's samples (hundreds of MiB once parsed) are garbage now. The GC would leave them for a while,
            // and the next large upload would add its own on top: give the memory back before letting it in. One
            // blocking collection per large upload, a few tens of milliseconds, is the price of a bounded peak.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            slots.Release();
        }
    }
}
