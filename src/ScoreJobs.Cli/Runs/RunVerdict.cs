using System.Globalization;

namespace ScoreJobs.Cli.Runs;

/// <summary>What a run's state means for a CI step: its exit code and the sentence that says why.</summary>
internal sealed record RunVerdict(int ExitCode, string Sentence)
{
    public static RunVerdict Of(RunRecord run, IReadOnlyList<AgreementFloor>? floors = null)
    {
        switch (run.Status)
        {
            case RunStatus.Failed:
                return new(ExitCodes.Failed, $"FAILED: the run failed{(string.IsNullOrWhiteSpace(run.Error) ? "." : $": {run.Error}")}");
            case RunStatus.Cancelled:
                return new(ExitCodes.Failed, $"FAILED: the run was cancelled ({run.Counts.Cancelled} of {run.Samples} samples not scored).");
            case RunStatus.Completed:
                break;
            default:
                return new(ExitCodes.Passed, $"Not finished: the run is {run.Status}, {run.Done} of {run.Samples} samples done.");
        }

        // Before the thresholds: a judge people do not back cannot pass or fail a run.
        var untrusted = (floors ?? []).Select(f => f.Miss(run)).OfType<string>().ToList();
        if (untrusted.Count > 0) return new(ExitCodes.Untrusted, $"UNTRUSTED: {string.Join("; ", untrusted)}.");

        var thresholds = run.Thresholds ?? new Dictionary<string, double>();
        if (thresholds.Count == 0)
            return new(ExitCodes.Passed, "PASSED: the run completed (no thresholds were set).");
        var misses = thresholds.Keys.Where(m => !Covered(run, m)).Select(m => DescribeCoverage(run, m))
            .Concat(thresholds.Where(t => !Meets(run, t.Key, t.Value)).Select(t => Describe(run, t.Key, t.Value))).ToList();
        var passed = run.Passed ?? misses.Count == 0;
        if (passed)
            return new(ExitCodes.Passed, $"PASSED: every threshold met ({string.Join(", ", thresholds.Select(t => Describe(run, t.Key, t.Value)))}).");
        return new(ExitCodes.Failed, misses.Count > 0
            ? $"FAILED: {string.Join(", ", misses)}."
            : $"FAILED: {(string.IsNullOrWhiteSpace(run.PassedReason) ? "the server reports a threshold not met" : run.PassedReason)}.");
    }

    /// <summary>A thresholded metric must be scored on at least the run's min_coverage of the samples that asked for it.</summary>
    public static bool Covered(RunRecord run, string metric) =>
        run.Aggregates?.GetValueOrDefault(metric) is not { Coverage: { } coverage } || coverage + 1e-9 >= (run.MinCoverage ?? 0);

    private static string DescribeCoverage(RunRecord run, string metric)
    {
        var a = run.Aggregates![metric];
        var asked = a.Coverage is > 0 ? (int)Math.Round(a.N / a.Coverage.Value) : a.N + a.Failed;
        return string.Create(CultureInfo.InvariantCulture,
            $"{metric} scored only {a.N} of {asked} samples ({a.Failed} failed; coverage {a.Coverage:0.00} < min_coverage {run.MinCoverage:0.00})");
    }

    /// <summary>A thresholded metric passes when its mean over the run meets the threshold (the server's word where it gives one).</summary>
    public static bool Meets(RunRecord run, string metric, double threshold) =>
        run.Aggregates?.GetValueOrDefault(metric) is { } aggregate && (aggregate.Passed ?? aggregate.Mean >= threshold);

    private static string Describe(RunRecord run, string metric, double threshold) =>
        run.Aggregates?.GetValueOrDefault(metric)?.Mean is { } mean
            ? string.Create(CultureInfo.InvariantCulture, $"{metric} mean {mean:0.000} {(mean >= threshold ? ">=" : "<")} {threshold:0.000}")
            : string.Create(CultureInfo.InvariantCulture, $"{metric} has no score (threshold {threshold:0.000})");
}
