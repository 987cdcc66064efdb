using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ScoreJobs.Jobs;

/// <summary>
/// Lets the self-hosted server's worker give way to submits. A Dify node waits on the 202; a queued job waits anyway.
/// On a small machine the worker's jobs and the request path share the same cores, so a full worker makes every submit
/// wait for a CPU. The host reports how long each submit took (<see cref="SubmitServed"/>); a window of
/// <see cref="Window"/> in which more than one submit in ten was slower than <see cref="ScoreJobsOptions.WorkerPacingTargetMs"/>
/// halves the share of its slots in which the worker may start a job, down to an eighth, and so does a window in which
/// submits waited without one being answered (a stall); each window with submits, none of them slow, gives a sixteenth
/// back; a window in which nobody waited on a submit doubles it, and more than a window of that gives the whole worker
/// back. Jobs already running are never stopped, and a worker can always start one job, so the backlog drains even
/// under a steady stream of submits.
/// </summary>
/// <remarks>
/// Hand-written rather than a rate limiter from System.Threading.RateLimiting: those bound a rate or a count given in
/// advance, and what is wanted here is a count that follows the request path's latency (additive increase,
/// multiplicative decrease).
/// </remarks>
public sealed class WorkerPacing
{
    internal static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);
    internal const double FloorShare = 1.0 / 8;
    internal const double ShareStep = 1.0 / 16;

    private readonly TimeProvider _time;
    private readonly ILogger<WorkerPacing> _logger;
    private readonly TimeSpan _target;
    private readonly long _windowTicks;
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _served;
    private int _inFlight;
    private int _slow;
    private double _share = 1;

    public WorkerPacing(IOptions<ScoreJobsOptions> options, TimeProvider time, ILogger<WorkerPacing> logger)
    {
        _time = time;
        _logger = logger;
        _target = TimeSpan.FromMilliseconds(options.Value.WorkerPacingTargetMs);
        _windowTicks = (long)(Window.TotalSeconds * time.TimestampFrequency);
        _windowStart = time.GetTimestamp();
    }

    private bool Enabled => _target > TimeSpan.Zero;

    /// <summary>The share of the worker's slots it may fill now, from an eighth to 1.</summary>
    internal double Share
    {
        get
        {
            if (!Enabled) return 1;
            lock (_lock)
            {
                Advance(_time.GetTimestamp());
                return _share;
            }
        }
    }

    /// <summary>A submit has started; give what this returns to <see cref="SubmitServed"/> once it is answered, whatever the outcome.</summary>
    public long SubmitStarted()
    {
        if (Enabled) Interlocked.Increment(ref _inFlight);
        return _time.GetTimestamp();
    }

    /// <summary>The submit that <see cref="SubmitStarted"/> returned <paramref name="startTimestamp"/> for has been answered.</summary>
    public void SubmitServed(long startTimestamp)
    {
        if (!Enabled) return;
        Interlocked.Decrement(ref _inFlight);
        var now = _time.GetTimestamp();
        var slow = _time.GetElapsedTime(startTimestamp, now) > _target;
        lock (_lock)
        {
            Advance(now);
            _served++;
            if (slow) _slow++;
        }
    }

    /// <summary>Submits timed in the window still open.</summary>
    internal int ServedInWindow
    {
        get
        {
            lock (_lock) return _served;
        }
    }

    /// <summary>How many of <paramref name="concurrency"/> slots may hold a running job now (at least one).</summary>
    internal int Slots(int concurrency) => Math.Max(1, (int)Math.Ceiling(concurrency * Share));

    private void Advance(long now)
    {
        var windows = (now - _windowStart) / _windowTicks;
        if (windows <= 0) return;
        _windowStart += windows * _windowTicks;
        // A window without any submit (the last counted one, or any after it): nobody is waiting, nothing to give way to.
        var before = _share;
        var waiting = Volatile.Read(ref _inFlight) > 0;
        if (_served == 0)
        {
            // Submits waited through the window without one answered (a stall), or nobody waited on one at all.
            _share = waiting ? Math.Max(FloorShare, _share / 2) : Math.Min(1, _share * 2);
        }
        else if (_slow * 10 > _served)
        {
            _share = Math.Max(FloorShare, _share / 2);
        }
        else
        {
            _share = Math.Min(1, _share + ShareStep);
        }

        // Whole windows have passed since without a submit answered.
        if (windows > 1) _share = waiting ? Math.Max(FloorShare, _share / 2) : 1;

        if (_share != before) Log.PacingChanged(_logger, _served, _slow, _target.TotalMilliseconds, _share);
        _served = 0;
        _slow = 0;
    }
}
