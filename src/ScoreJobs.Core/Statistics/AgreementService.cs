using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using ScoreJobs.Index;
using ScoreJobs.Judge;

namespace ScoreJobs.Statistics;

/// <summary>
/// Agreement between the judge and people over the jobs matching a filter, from the job index alone (never a record).
/// Jobs whose judge model was not overridden count under the configured model.
/// </summary>
/// <remarks>
/// A report is kept until the index says its labelled pairs may have changed (<see cref="IJobIndex.LabelsVersion"/>):
/// a label written, a labelled job rescored or deleted. Live traffic on unlabelled jobs leaves it, so the records page's
/// agreement view answers at once on reopening; the first call after a label write computes it again. A rebuild run by
/// another process is not seen by the version, so a kept report is also at most <see cref="KeptFor"/> old. The index of
/// Storage mode (many instances) has no version and keeps nothing.
/// </remarks>
public sealed class AgreementService(IJobIndex index, IOptions<JudgeOptions> judge, TimeProvider time)
{
    /// <summary>How long a kept report may be served at most, whatever the version says.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(5);

    private const int MaxKept = 64;

    private readonly ConcurrentDictionary<string, (long Version, DateTimeOffset At, AgreementReport Report)> _kept = new(StringComparer.Ordinal);

    /// <summary>How many of the largest disagreements a report lists.</summary>
    public const int Disagreements = 20;

    /// <summary>The pass mark kappa, accuracy and the confusion counts use when none is given.</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>A run's short view of <paramref name="rows"/>: n, Spearman and kappa over the jobs' mean human values.</summary>
    public static MetricAgreement Summarise(IReadOnlyList<LabelledScore> rows, double threshold)
    {
        var jobs = Pair(rows);
        try
        {
            var judgeScores = jobs.Select(j => j.Job.Judge).ToArray();
            var human = jobs.Select(j => j.Human).ToArray();
            return new MetricAgreement(jobs.Count, Agreement.Spearman(judgeScores, human), Agreement.Kappa(Agreement.Confuse(judgeScores, human, threshold)));
        }
        finally
        {
            Return(jobs);
        }
    }

    public async Task<AgreementReport> ComputeAsync(JobFilter filter, string metric, double threshold, string? judgeModel, CancellationToken cancellationToken)
    {
        // Read before the pairs: a write committed in between gives a newer version, so the next call computes again.
        var version = index.LabelsVersion;
        var key = version is null ? null : KeyOf(filter, metric, threshold, judgeModel);
        var now = time.GetUtcNow();
        if (key is not null && _kept.TryGetValue(key, out var kept) && kept.Version == version && now - kept.At < KeptFor) return kept.Report;

        var rows = await index.LabelledScoresAsync(filter, metric, cancellationToken).ConfigureAwait(false);
        AgreementReport report;
        using (rows as IDisposable)
        {
            var model = judge.Value.Model;
            var selected = judgeModel is null ? rows : [.. rows.Where(r => (r.JudgeModel ?? model) == judgeModel)];
            var jobs = Pair(selected);
            try
            {
                report = Compute(selected, jobs, metric, threshold, model);
            }
            finally
            {
                Return(jobs);
            }
        }

        if (key is not null)
        {
            if (_kept.Count >= MaxKept) _kept.Clear();
            _kept[key] = (version!.Value, now, report);
        }

        return report;
    }

    private static string KeyOf(JobFilter filter, string metric, double threshold, string? judgeModel) => string.Join('\u001f',
        metric, threshold.ToString("R", CultureInfo.InvariantCulture), judgeModel, filter.Status, filter.Text, filter.Metric,
        filter.MinScore?.ToString("R", CultureInfo.InvariantCulture), filter.MaxScore?.ToString("R", CultureInfo.InvariantCulture),
        filter.Since?.UtcTicks, filter.Until?.UtcTicks, filter.RunId, filter.Source,
        string.Join('\u001e', filter.Tags.Select(t => t.Key + "=" + t.Value)));

    // One pair per job, in job id order (the disagreements' order). Indexes read the rows in job id order already, so
    // this is one pass; rows in another order are put in it first (stably, as grouping did). Pairs are structs: at
    // 100,000 jobs, an object or two a job were most of the garbage collector's work, since all of them live until the
    // report is done. The array is rented (6.4 MB at 100,000 jobs, a large object each report otherwise): Return gives it back.
    private static ArraySegment<PairedJob> Pair(IReadOnlyList<LabelledScore> rows)
    {
        var list = SpanOf(rows);
        for (var i = 1; i < list.Length; i++)
        {
            if (!ReferenceEquals(list[i - 1].JobId, list[i].JobId) && string.CompareOrdinal(list[i - 1].JobId, list[i].JobId) > 0)
            {
                list = rows.OrderBy(r => r.JobId, StringComparer.Ordinal).ToArray();
                break;
            }
        }

        var jobs = AgreementArrays<PairedJob>.Pool.Rent(list.Length);
        var count = 0;
        for (var start = 0; start < list.Length;)
        {
            ref readonly var first = ref list[start];
            var end = start + 1;
            var sum = first.Human;
            while (end < list.Length && list[end].JobId == first.JobId) sum += list[end++].Human;
            jobs[count++] = new PairedJob(first, sum / (end - start), end - start);
            start = end;
        }

        return new ArraySegment<PairedJob>(jobs, 0, count);
    }

    // The rows without a copy where their type allows: an interface call a row was a sixth of pairing 100,000 of them.
    private static ReadOnlySpan<LabelledScore> SpanOf(IReadOnlyList<LabelledScore> rows) => rows switch
    {
        ILentLabelledScores lent => lent.Span,
        LabelledScore[] array => array,
        List<LabelledScore> list => CollectionsMarshal.AsSpan(list),
        _ => rows.ToArray(),
    };

    // Cleared, so that the pool holds no job ids.
    private static void Return(ArraySegment<PairedJob> jobs) => AgreementArrays<PairedJob>.Pool.Return(jobs.Array!, clearArray: true);

    /// <summary>The report over <paramref name="jobs"/>, paired from <paramref name="rows"/> (every rater's value).</summary>
    internal static AgreementReport Compute(IReadOnlyList<LabelledScore> rows, IReadOnlyList<PairedJob> jobs, string metric, double threshold, string? defaultModel)
    {
        // Rented, as is every n-sized array below: allocated afresh they were about 20 MB a report on the large object heap.
        var (judgeArray, humanArray) = (AgreementArrays<double>.Pool.Rent(jobs.Count), AgreementArrays<double>.Pool.Rent(jobs.Count));
        var (judgeScores, human) = (new ArraySegment<double>(judgeArray, 0, jobs.Count), new ArraySegment<double>(humanArray, 0, jobs.Count));
        for (var i = 0; i < jobs.Count; i++)
        {
            judgeArray[i] = jobs[i].Job.Judge;
            humanArray[i] = jobs[i].Human;
        }

        var confusion = Agreement.Confuse(judgeScores, human, threshold);
        var (judgeTies, humanTies) = (Ties.Of(judgeScores, pooled: true), Ties.Of(human, pooled: true));
        double[]? spearmanInterval, kappaInterval;
        double? spearman, pearson, meanAbsError;
        try
        {
            (spearmanInterval, kappaInterval) = AgreementBootstrap.Intervals(judgeScores, human, threshold, judgeTies, humanTies);
            spearman = Agreement.Spearman(judgeTies, humanTies);
            pearson = Agreement.Pearson(judgeScores, human);
            meanAbsError = Agreement.MeanAbsoluteError(judgeScores, human);
        }
        finally
        {
            judgeTies.Return();
            humanTies.Return();
            AgreementArrays<double>.Pool.Return(judgeArray);
            AgreementArrays<double>.Pool.Return(humanArray);
        }

        var kappa = Agreement.Kappa(confusion);
        return new AgreementReport
        {
            Metric = metric,
            Threshold = threshold,
            N = jobs.Count,
            Pearson = pearson,
            Spearman = spearman,
            MeanAbsError = meanAbsError,
            Kappa = kappa,
            Accuracy = Agreement.Accuracy(confusion),
            Confusion = new AgreementConfusion(confusion.Tp, confusion.Fp, confusion.Fn, confusion.Tn),
            Ci95 = new AgreementIntervals(spearmanInterval, kappaInterval),
            ByJudge = Judges(jobs, threshold, defaultModel, spearman, kappa),
            Raters = new RaterAgreement(RaterCount(rows), BetweenRaters(rows, jobs, threshold)),
            Disagreements = LargestDisagreements(jobs),
        };
    }

    private static List<JudgeAgreement> Judges(IReadOnlyList<PairedJob> jobs, double threshold, string? defaultModel, double? spearman, double? kappa)
    {
        if (jobs.Count == 0) return [];
        var first = jobs[0].Job;
        var one = true;
        foreach (var job in jobs)
        {
            if (job.Job.JudgeModel != first.JudgeModel || job.Job.PromptVersion != first.PromptVersion) { one = false; break; }
        }

        // One judge (the usual case): its figures are the whole's, not computed twice.
        if (one) return [new JudgeAgreement(first.JudgeModel ?? defaultModel, first.PromptVersion, jobs.Count, spearman, kappa)];
        var judges = jobs.GroupBy(j => (JudgeModel: j.Job.JudgeModel ?? defaultModel, j.Job.PromptVersion)).ToList();
        return [.. judges
            .Select(g => judges.Count == 1 ? new JudgeAgreement(g.Key.JudgeModel, g.Key.PromptVersion, jobs.Count, spearman, kappa) : ByJudge(g.Key.JudgeModel, g.Key.PromptVersion, [.. g], threshold))
            .OrderByDescending(j => j.N).ThenBy(j => j.JudgeModel, StringComparer.Ordinal).ThenBy(j => j.PromptVersion, StringComparer.Ordinal)];
    }

    private static int RaterCount(IReadOnlyList<LabelledScore> rows)
    {
        var raters = new HashSet<string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var row in rows)
        {
            if (!ReferenceEquals(row.Rater, last)) raters.Add(last = row.Rater);
        }

        return raters.Count;
    }

    // The 20 largest |judge - human|, ties by job id: a bounded insertion rather than sorting every pair.
    private static List<Disagreement> LargestDisagreements(IReadOnlyList<PairedJob> jobs)
    {
        var top = new List<PairedJob>(Disagreements + 1);
        foreach (var job in jobs)
        {
            if (top.Count == Disagreements && !Before(job, top[^1])) continue;
            var at = top.Count;
            while (at > 0 && Before(job, top[at - 1])) at--;
            top.Insert(at, job);
            if (top.Count > Disagreements) top.RemoveAt(Disagreements);
        }

        return [.. top.Select(j => new Disagreement(j.Job.JobId, j.Job.Judge, j.Human, j.Job.Judge - j.Human))];

        static bool Before(PairedJob a, PairedJob b)
        {
            var order = Math.Abs(b.Job.Judge - b.Human).CompareTo(Math.Abs(a.Job.Judge - a.Human));
            return order < 0 || (order == 0 && string.CompareOrdinal(a.Job.JobId, b.Job.JobId) < 0);
        }
    }

    private static JudgeAgreement ByJudge(string? model, string? promptVersion, IReadOnlyList<PairedJob> jobs, double threshold)
    {
        var judgeScores = jobs.Select(j => j.Job.Judge).ToArray();
        var human = jobs.Select(j => j.Human).ToArray();
        return new JudgeAgreement(model, promptVersion, jobs.Count, Agreement.Spearman(judgeScores, human), Agreement.Kappa(Agreement.Confuse(judgeScores, human, threshold)));
    }

    /// <summary>
    /// Cohen's kappa between two raters over the jobs both labelled, at the threshold; with more than two raters, the
    /// mean over every pair of raters for which it is defined (Light's kappa). Null where no two raters share two jobs.
    /// </summary>
    private static double? BetweenRaters(IReadOnlyList<LabelledScore> rows, IReadOnlyList<PairedJob> jobs, double threshold)
    {
        if (!jobs.Any(j => j.Raters > 1)) return null;
        var byRater = rows
            .GroupBy(l => l.Rater, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToDictionary(l => l.JobId, l => l.Human, StringComparer.Ordinal), StringComparer.Ordinal);
        var raters = byRater.Keys.Order(StringComparer.Ordinal).ToArray();
        var kappas = new List<double>();
        for (var a = 0; a < raters.Length; a++)
        {
            for (var b = a + 1; b < raters.Length; b++)
            {
                var first = byRater[raters[a]];
                var second = byRater[raters[b]];
                var shared = first.Keys.Where(second.ContainsKey).ToArray();
                var kappa = Agreement.Kappa(Agreement.Confuse([.. shared.Select(id => first[id])], [.. shared.Select(id => second[id])], threshold));
                if (kappa is { } k) kappas.Add(k);
            }
        }

        return kappas.Count == 0 ? null : kappas.Average();
    }

    /// <summary>A job's judge score (its first rater's row) beside the mean of its raters' values, and how many raters.</summary>
    internal readonly record struct PairedJob(LabelledScore Job, double Human, int Raters);
}
