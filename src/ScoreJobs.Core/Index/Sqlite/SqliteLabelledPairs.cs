using System.Collections;
using System.Runtime.InteropServices;

namespace ScoreJobs.Index.Sqlite;

/// <summary>
/// Every labelled pair of the metrics agreement has been asked about, kept in memory in job id and rater order (the
/// order <c>job_labels</c>' covering index returns), so an unfiltered agreement report reads no row (at 100,000
/// labelled jobs that read was 150 ms and a list of new strings a call) and a filtered one reads only its jobs' ids, merged
/// with the pairs in that order. Loaded per metric on its first agreement call (a server never asked about agreement
/// holds nothing); the index's writer replaces a job's pairs after
/// each commit that touched its label rows, and drops everything after bulk writes (many jobs at once), a rollback, or
/// once <see cref="MaxMoves"/> patches have each shifted the rest of a metric's pairs (a rebuild relabelling every
/// job), the next call reading the metric again; and when another process has committed to the file since (SQLite's
/// <c>data_version</c>, checked on each call).
/// A pair costs its 48-byte <see cref="LabelledScore"/> plus its job id's string (80 bytes, shared by a job's raters):
/// about 13 MB a metric at 100,000 labelled jobs.
/// Readers are lent the held list itself (<see cref="Lend"/>), not a copy: a copy was 4.8 MB on the large object heap
/// each agreement call at 100,000 jobs, and brought a gen2 collection every fourth call. A patch changes a list in
/// place only while no reader holds it; otherwise it patches a copy that takes the list's place, so a lent list never
/// changes. A lease never returned only costs that copy on the next write.
/// </summary>
internal sealed class SqliteLabelledPairs
{
    /// <summary>Patches that shift pairs (a job's pair count changed) allowed before the metrics are dropped.</summary>
    public const int MaxMoves = 1000;

    private const int MaxMetrics = 16;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Held> _metrics = new(StringComparer.Ordinal);
    private int _moves;

    /// <summary>True when some metric's pairs are held, so writes must keep them current.</summary>
    public bool Any
    {
        get
        {
            lock (_lock) return _metrics.Count > 0;
        }
    }

    /// <summary>
    /// <paramref name="metric"/>'s pairs as they are now, unchanged until the lease is disposed and after; null when
    /// they are not held.
    /// </summary>
    public Lease? Lend(string metric)
    {
        lock (_lock)
        {
            if (!_metrics.TryGetValue(metric, out var held)) return null;
            held.Readers++;
            return new Lease(this, held);
        }
    }

    /// <summary>Holds <paramref name="pairs"/> (read in job id and rater order while no write could commit) for <paramref name="metric"/>.</summary>
    public void Hold(string metric, List<LabelledScore> pairs)
    {
        lock (_lock)
        {
            if (_metrics.Count >= MaxMetrics) _metrics.Clear();
            pairs.TrimExcess();
            _metrics[metric] = new Held(pairs);
        }
    }

    /// <summary>Puts each job's pairs as the index now holds them (<paramref name="jobs"/>: per job id, its pairs of every metric) in place of the job's held ones.</summary>
    public void Replace(IReadOnlyDictionary<string, List<(string Metric, LabelledScore Pair)>> jobs)
    {
        lock (_lock)
        {
            foreach (var metric in _metrics.Keys.ToList())
            {
                var pairs = _metrics[metric].Pairs;
                foreach (var (jobId, rows) in jobs)
                {
                    var start = LowerBound(pairs, jobId);
                    var end = start;
                    while (end < pairs.Count && pairs[end].JobId == jobId) end++;
                    var now = rows.Where(r => r.Metric == metric).Select(r => r.Pair).ToList();
                    if (now.Count == end - start)
                    {
                        if (Same(pairs, start, now)) continue;
                        pairs = Writable(metric);
                        for (var i = 0; i < now.Count; i++) pairs[start + i] = now[i];
                        continue;
                    }

                    if (++_moves > MaxMoves)
                    {
                        Clear();
                        return;
                    }

                    pairs = Writable(metric);
                    pairs.RemoveRange(start, end - start);
                    pairs.InsertRange(start, now);
                }
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _metrics.Clear();
            _moves = 0;
        }
    }

    // The metric's list to patch: the held one, or when a reader holds it, a copy that takes its place (the reader's
    // stays as lent).
    private List<LabelledScore> Writable(string metric)
    {
        var held = _metrics[metric];
        if (held.Readers == 0) return held.Pairs;
        var copy = new Held([.. held.Pairs]);
        _metrics[metric] = copy;
        return copy.Pairs;
    }

    private static bool Same(List<LabelledScore> pairs, int start, List<LabelledScore> now)
    {
        for (var i = 0; i < now.Count; i++)
        {
            if (pairs[start + i] != now[i]) return false;
        }

        return true;
    }

    private void Return(Held held)
    {
        lock (_lock) held.Readers--;
    }

    // The first position whose job id is not below jobId (SQLite's BINARY order on ASCII ids is the ordinal one).
    private static int LowerBound(List<LabelledScore> pairs, string jobId)
    {
        int low = 0, high = pairs.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(pairs[middle].JobId, jobId) < 0) low = middle + 1;
            else high = middle;
        }

        return low;
    }

    internal sealed class Held(List<LabelledScore> pairs)
    {
        public List<LabelledScore> Pairs { get; } = pairs;

        /// <summary>Leases not yet returned; guarded by the owner's lock.</summary>
        public int Readers { get; set; }
    }

    /// <summary>A metric's held pairs, lent: nothing changes them while the lease is out; dispose it when done.</summary>
    public sealed class Lease : ILentLabelledScores
    {
        private readonly SqliteLabelledPairs _owner;
        private readonly Held _held;
        private int _returned;

        internal Lease(SqliteLabelledPairs owner, Held held) => (_owner, _held) = (owner, held);

        public int Count => _held.Pairs.Count;

        public LabelledScore this[int index] => _held.Pairs[index];

        public ReadOnlySpan<LabelledScore> Span => CollectionsMarshal.AsSpan(_held.Pairs);

        public IEnumerator<LabelledScore> GetEnumerator() => _held.Pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0) _owner.Return(_held);
        }
    }
}
