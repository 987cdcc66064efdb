using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Queues;

namespace ScoreJobs.Jobs;

/// <summary>
/// Lets the self-hosted server's worker give way to submits. A Dify node waits on the 202; a queued job waits anyway.
/// The host reports how long each submit took (<see cref="SubmitServed"/>); a window of <see cref="Window"/> in which more
/// than one submit in ten was slower than the target, or in which submits waited without one being answered (a stall),
/// halves the share of its slots in which a lane's worker may start a job, down to an eighth. The runs lane gives way
/// first: the live lane's share is only cut once the runs lane is at its floor, and it is given back first. Each window
/// with submits, none of them slow, gives a sixteenth back; a window in which nobody waited on a submit doubles both
/// shares, and more than a window of that gives both workers back. Jobs already running are never stopped, and a worker
/// can always start one job, so every backlog drains even under a steady stream of submits.
/// </summary>
/// <remarks>
/// <para>
/// With the store on the server's own disk (embedded mode), the worker's jobs and the request path share the cores, so a
/// full worker makes every submit wait for a CPU: both lanes give way, and the target is
/// <see cref="LocalStoreTargetMs"/>. In Storage mode a submit's time is mostly the store's: cutting the live lane there
/// only moved the wait from the 202 onto the live jobs (measured on Azurite beside a 3,000-sample run: a live job waited
/// 158 s at the median), so only the runs lane gives way, and the target is <see cref="StorageModeTargetMs"/>, since
/// three or four storage requests in turn already take tens of milliseconds.
/// </para>
/// <para>
/// Hand-written rather than a rate limiter from System.Threading.RateLimiting: those bound a rate or a count given in
/// advance, and what is wanted here is a count that follows the request path's latency (additive increase,
/// multiplicative decrease).
/// </para>
/// </remarks>
public sealed class WorkerPacing
{
    /// <summary>The target when <see cref="ScoreJobsOptions.WorkerPacingTargetMs"/> is unset and the store is local.</summary>
    public const int LocalStoreTargetMs = 25;

    /// <summary>The target when <see cref="ScoreJobsOptions.WorkerPacingTargetMs"/> is unset in Storage mode.</summary>
    public const int StorageModeTargetMs = 200;

    internal static readonly TimeSpan Window = TimeSpan.FromMilliseconds(200);
    internal const double FloorShare = 1.0 / 8;
    internal const double ShareStep = 1.0 / 16;

    private readonly TimeProvider _time;
    private readonly ILogger<WorkerPacing> _logger;
    private readonly long _windowTicks;
    private readonly Lock _lock = new();
    private long _windowStart;
    private int _served;
    private int _inFlight;
    private int _slow;
    private double _live = 1;
    private double _runs = 1;

    /// <param name="options">The target (<see cref="ScoreJobsOptions.WorkerPacingTargetMs"/>; 0 turns pacing off).</param>
    /// <param name="time">The clock of the windows.</param>
    /// <param name="logger">Where a change of share is logged (debug).</param>
    /// <param name="localStore">Whether the store is on the server's own disk (embedded mode) rather than a Storage account.</param>
    public WorkerPacing(IOptions<ScoreJobsOptions> options, TimeProvider time, ILogger<WorkerPacing> logger, bool localStore = true)
    {
        _time = time;
        _logger = logger;
        PacesLive = localStore;
        Target = TimeSpan.FromMilliseconds(options.Value.WorkerPacingTargetMs ?? (localStore ? LocalStoreTargetMs : StorageModeTargetMs));
        _windowTicks = (long)(Window.TotalSeconds * time.TimestampFrequency);
        _windowStart = time.GetTimestamp();
    }

    private bool Enabled => Target > TimeSpan.Zero;

    /// <summary>The submit answer time protected (zero: pacing off).</summary>
    internal TimeSpan Target { get; }

    /// <summary>Whether the live lane gives way too (a local store), or only the runs lane (Storage mode).</summary>
    internal bool PacesLive { get; }

    /// <summary>The share of <paramref name="lane"/>'s slots (<see cref="QueueLanes"/>) its worker may fill now, from an eighth to 1.</summary>
    internal double ShareOf(string lane)
    {
        if (!Enabled) return 1;
        lock (_lock)
        {
            Advance(_time.GetTimestamp());
            return lane == QueueLanes.Runs ? _runs : _live;
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
        var slow = _time.GetElapsedTime(startTimestamp, now) > Target;
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

    /// <summary>How many of <paramref name="lane"/>'s <paramref name="concurrency"/> slots may hold a running job now (at least one).</summary>
    internal int Slots(string lane, int concurrency) => Math.Max(1, (int)Math.Ceiling(concurrency * ShareOf(lane)));

    private void Advance(long now)
    {
        var windows = (now - _windowStart) / _windowTicks;
        if (windows <= 0) return;
        _windowStart += windows * _windowTicks;
        var (live, runs) = (_live, _runs);
        var waiting = Volatile.Read(ref _inFlight) > 0;
        if (_served == 0)
        {
            // Submits waited through the window without one answered (a stall), or nobody waited on one at all.
            if (waiting) GiveWay();
            else (_live, _runs) = (Math.Min(1, _live * 2), Math.Min(1, _runs * 2));
        }
        else if (_slow * 10 > _served)
        {
            GiveWay();
        }
        else if (_live < 1)
        {
            _live = Math.Min(1, _live + ShareStep);
        }
        else
        {
            _runs = Math.Min(1, _runs + ShareStep);
        }

        // Whole windows have passed since without a submit answered.
        if (windows > 1)
        {
            if (waiting) GiveWay();
            else (_live, _runs) = (1, 1);
        }

        if (_live != live || _runs != runs) Log.PacingChanged(_logger, _served, _slow, Target.TotalMilliseconds, _live, _runs);
        _served = 0;
        _slow = 0;
    }

    // The runs lane halves first; the live lane only once the runs lane is at its floor, and only with a local store.
    private void GiveWay()
    {
        if (_runs > FloorShare) _runs = Math.Max(FloorShare, _runs / 2);
        else if (PacesLive) _live = Math.Max(FloorShare, _live / 2);
    }
}
