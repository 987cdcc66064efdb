using ScoreJobs.Index;
using ScoreJobs.Records;

namespace ScoreJobs.Runs;

/// <summary>Matches two runs' jobs by sample id and works out the deltas and regressions.</summary>
internal static class RunComparer
{
    public static RunComparison Compare(RunRecord baseRun, RunRecord headRun, IReadOnlyList<JobRecord> baseItems, IReadOnlyList<JobRecord> headItems, double margin)
    {
        var names = baseRun.Aggregates.Keys.Union(headRun.Aggregates.Keys, StringComparer.Ordinal).ToList();
        var metrics = names.ToDictionary(name => name, name =>
        {
            var b = baseRun.Aggregates.GetValueOrDefault(name);
            var h = headRun.Aggregates.GetValueOrDefault(name);
            return new MetricDelta(b?.Mean, h?.Mean, Delta(b?.Mean, h?.Mean), b?.N ?? 0, h?.N ?? 0)
            {
                BaseFailed = b?.Failed ?? 0,
                HeadFailed = h?.Failed ?? 0,
                BaseCoverage = b?.Coverage,
                HeadCoverage = h?.Coverage,
            };
        }, StringComparer.Ordinal);

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

        return new RunComparison
        {
            Base = baseRun.RunId,
            Head = headRun.RunId,
            Margin = margin,
            Metrics = metrics,
            Samples = samples,
            Regressions = [.. regressions.OrderBy(r => r.Delta).ThenBy(r => r.SampleId, StringComparer.Ordinal).ThenBy(r => r.Metric, StringComparer.Ordinal)],
            BaseOnly = [.. bases.Keys.Where(id => !heads.ContainsKey(id))],
            HeadOnly = [.. heads.Keys.Where(id => !bases.ContainsKey(id))],
        };
    }

    // Job ids of a run sort in sample order, and the index lists them in id order.
    private static Dictionary<string, JobRecord> BySample(IReadOnlyList<JobRecord> items)
    {
        var bySample = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        foreach (var item in items.OrderBy(i => i.JobId, StringComparer.Ordinal))
        {
            if (item.SampleId is { } id) bySample.TryAdd(id, item);
        }

        return bySample;
    }

    private static double? ScoreOf(JobRecord item, string name) =>
        name == RunTally.WeightedScore ? item.WeightedScore : item.Scores.GetValueOrDefault(name);

    private static double? Delta(double? b, double? h) => b is { } x && h is { } y ? Math.Round(y - x, 6) : null;
}
