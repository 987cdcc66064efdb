namespace ScoreJobs.Cli.Watching;

/// <summary>Time left for a run, from the pace since it was first seen to move (samples done per second so far).</summary>
internal sealed class EtaEstimator(TimeProvider time)
{
    private long _since;
    private int _doneAtStart = -1;

    /// <summary>Null until two observations show progress.</summary>
    public TimeSpan? Estimate(int done, int total)
    {
        if (done >= total && total > 0) return TimeSpan.Zero;
        if (_doneAtStart < 0)
        {
            _since = time.GetTimestamp();
            _doneAtStart = done;
            return null;
        }
        var progressed = done - _doneAtStart;
        if (progressed <= 0) return null;
        var elapsed = time.GetElapsedTime(_since);
        return TimeSpan.FromTicks((long)(elapsed.Ticks * ((double)(total - done) / progressed)));
    }
}
