using System.Globalization;
using ScoreJobs.Cli.Runs;

namespace ScoreJobs.Cli.Rendering;

/// <summary>One line of a run's progress: for the live bar's label and for the plain lines of a log.</summary>
internal static class ProgressText
{
    public static string Of(RunRecord run, TimeSpan? eta)
    {
        var percent = run.Samples > 0 ? (int)Math.Floor(100.0 * run.Done / run.Samples) : 0;
        var text = string.Create(CultureInfo.InvariantCulture, $"{run.Status}: {run.Done}/{run.Samples} samples done ({percent}%), {run.Counts.Failed} failed");
        if (run.Counts.Cancelled > 0) text += string.Create(CultureInfo.InvariantCulture, $", {run.Counts.Cancelled} cancelled");
        if (eta is { } left && !run.HasEnded) text += $", ETA {DurationText.Format(left)}";
        return text;
    }
}
