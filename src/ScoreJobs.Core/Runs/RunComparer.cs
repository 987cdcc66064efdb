using ScoreJobs.Index;
using ScoreJobs.Records;
using ScoreJobs.Statistics;

namespace ScoreJobs.Runs;

/// <summary>Matches two runs' jobs by sample id and works out the deltas, regressions, and whether each metric really changed.</summary>
internal static class RunComparer
{
    /// <summary>Fewer samples scored in both runs than this, and a metric's change is <c>inconclusive</c>.</summary>
    public const int MinPairs = 10;

    public static RunComparison Compare(
        RunRecord baseRun, RunRecord headRun, IReadOnlyList<JobListItem> baseItems, IReadOnlyList<JobListItem> headItems, double margin, double minDelta = 0)
    {
        var names = baseRun.Aggregates.Keys.Union(headRun.Aggregates.Keys, StringComparer.Ordinal).ToList();
        var heads = BySample(headItems);
        var bases = BySample(baseItems);
        var samples = new List<SampleDelta>();
        var regressions = new List<Regression>();
        foreach (var (sampleId, baseJob) in bases)
        {
            if (!heads.TryGetValue(sampleId, out var headJob)) continue;
            var scores = new Dictionary<string, ScoreDelta>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var b = ScoreOf(baseJob, name);
                var h = ScoreOf(headJob, name);
                if (b is null && h is null) continue;
                var delta = Delta(b, h);
                scores[name] = new ScoreDelta(b, h, delta);
                if (delta < -margin - 1e-9) regressions.Add(new Regression(sampleId, name, b!.Value, h!.Value, delta.Value) { BaseJobId = baseJob.JobId, HeadJobId = headJob.JobId });
            }

            samples.Add(new SampleDelta(sampleId, scores) { BaseJobId = baseJob.JobId, HeadJobId = headJob.JobId });
        }

        var metrics = names.ToDictionary(name => name, name =>
        {
            var b = baseRun.Aggregates.GetValueOrDefault(name);
            var h = headRun.Aggregates.GetValueOrDefault(name);
            var pairs = samples.Select(s => s.Scores.GetValueOrDefault(name)?.Delta).OfType<double>().ToList();
            var delta = new MetricDelta(b?.Mean, h?.Mean, Delta(b?.Mean, h?.Mean), b?.N ?? 0, h?.N ?? 0)
            {
                BaseFailed = b?.Failed ?? 0,
                HeadFailed = h?.Failed ?? 0,
                BaseCoverage = b?.Coverage,
                HeadCoverage = h?.Coverage,
            };
            return Significance(delta, pairs, minDelta);
        }, StringComparer.Ordinal);

        return new RunComparison
        {
            Base = baseRun.RunId,
            Head = headRun.RunId,
            Margin = margin,
            MinDelta = minDelta,
            Metrics = metrics,
            Samples = samples,
            Regressions = [.. regressions.OrderBy(r => r.Delta).ThenBy(r => r.SampleId, StringComparer.Ordinal).ThenBy(r => r.Metric, StringComparer.Ordinal)],
            BaseOnly = [.. bases.Keys.Where(id => !heads.ContainsKey(id))],
            HeadOnly = [.. heads.Keys.Where(id => !bases.ContainsKey(id))],
        };
    }

    // Pairs come in sample order (base job id order), so the seeded test sees them the same way every time.
    private static MetricDelta Significance(MetricDelta delta, List<double> pairs, double minDelta)
    {
        if (PairedDifference.Test(pairs) is not { } test) return delta with { Pairs = 0 };
        var change = test.N < MinPairs ? ComparisonChange.Inconclusive
            : !test.ExcludesZero || Math.Abs(test.Mean) < minDelta - 1e-9 ? ComparisonChange.None
            : test.Mean < 0 ? ComparisonChange.Worse
            : ComparisonChange.Better;
        return delta with
        {
            Pairs = test.N,
            MeanPairedDelta = Math.Round(test.Mean, 6),
            Ci95 = [Math.Round(test.Low, 6), Math.Round(test.High, 6)],
            PValue = Math.Round(test.PValue, 6),
            Change = change,
        };
    }

    // Job ids of a run sort in sample order, and the index lists them in id order.
    private static Dictionary<string, JobListItem> BySample(IReadOnlyList<JobListItem> items)
    {
        var bySample = new Dictionary<string, JobListItem>(StringComparer.Ordinal);
        foreach (var item in items.OrderBy(i => i.JobId, StringComparer.Ordinal))
        {
            if (item.SampleId is { } id) bySample.TryAdd(id, item);
        }

        return bySample;
    }

    private static double? ScoreOf(JobListItem item, string name) =>
        name == RunTally.WeightedScore ? item.WeightedScore : item.Scores.GetValueOrDefault(name);

    private static double? Delta(double? b, double? h) => b is { } x && h is { } y ? Math.Round(y - x, 6) : null;
}
