using System.Globalization;
using ScoreJobs.Cli.Runs;
using Spectre.Console;

namespace ScoreJobs.Cli.Rendering;

/// <summary>A run for people: a headline, the aggregates per metric against their thresholds, the judge's usage, the verdict.</summary>
internal static class RunReport
{
    public const string WeightedScore = "weighted_score";
    private static readonly string[] StatisticColumns = ["n", "failed", "coverage", "mean", "median", "p10", "min", "max", "stdev", "pass rate", "threshold"];

    // Below this width the table keeps what a gate reads (how many scored and failed, coverage, the mean, the pass rate and
    // the threshold) and drops the spread: with a 21-character metric name it is 80 columns wide.
    private const int WideTable = 120;
    private static readonly string[] NarrowColumns = ["n", "failed", "cov", "mean", "pass", "thr"];

    public static void Write(IAnsiConsole console, RunRecord run, string server, IReadOnlyList<AgreementFloor>? floors = null)
    {
        console.MarkupLine(TerminalText.Escape(Headline(run)));
        if (run.Aggregates is { Count: > 0 }) console.Write(AggregatesTable(run, console.Profile.Capabilities.Unicode, console.Profile.Width));
        if (Usage(run.Usage) is { } usage) console.MarkupLine(TerminalText.Escape(usage));
        if (!string.IsNullOrWhiteSpace(run.Error) && run.Status != RunStatus.Failed) console.MarkupLine($"[yellow]{TerminalText.Escape($"Error: {run.Error}")}[/]");

        var verdict = RunVerdict.Of(run, floors);
        var colour = !run.HasEnded ? "blue" : verdict.ExitCode == ExitCodes.Passed ? "green" : "red";
        console.MarkupLine($"[bold {colour}]{TerminalText.Escape(verdict.Sentence)}[/]");
        if (!run.HasEnded) console.MarkupLine(TerminalText.Escape($"Watch it with: scorejobs status {run.RunId} --wait --url {server}"));
    }

    public static string Headline(RunRecord run)
    {
        var name = string.IsNullOrWhiteSpace(run.Name) ? "" : $" \"{run.Name}\"";
        var took = run is { StartedAt: { } start, FinishedAt: { } end } ? $" in {DurationText.Format(end - start)}"
            : run is { CreatedAt: { } created, FinishedAt: { } finished } ? $" in {DurationText.Format(finished - created)}" : "";
        var counts = $"{Numbers.Samples(run.Samples)}: {run.Counts.Completed} completed, {run.Counts.Failed} failed";
        if (run.Counts.Cancelled > 0) counts += $", {run.Counts.Cancelled} cancelled";
        if (!run.HasEnded) counts += $", {run.Counts.Running} running, {run.Counts.Queued} queued";
        return $"Run {run.RunId}{name} {run.Status}{took} ({counts})";
    }

    /// <summary>
    /// The aggregates, one row a metric. Numbers never wrap (a long metric name does instead); below
    /// <see cref="WideTable"/> columns the table keeps what a gate reads (how many scored and failed, coverage, the mean,
    /// pass rate and threshold) and drops the spread, so it stays readable at 80 columns.
    /// </summary>
    public static Table AggregatesTable(RunRecord run, bool unicode, int width = WideTable)
    {
        var columns = width >= WideTable ? StatisticColumns : NarrowColumns;
        // Only a run with repeats has flaky samples; the column would be zeros anywhere else.
        if (width >= WideTable && run.Aggregates!.Values.Any(a => a.Flaky > 0)) columns = [.. columns[..2], "flaky", .. columns[2..]];
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii)
            .AddColumn("metric")
            .AddColumns(columns.Select(c => new TableColumn(c).RightAligned().NoWrap()).ToArray())
            .AddColumn(new TableColumn("result").NoWrap());
        foreach (var metric in MetricOrder(run))
        {
            var aggregate = run.Aggregates![metric];
            var threshold = run.Thresholds?.TryGetValue(metric, out var t) == true ? t : aggregate.Threshold;
            var name = metric == WeightedScore ? $"[bold]{metric}[/]" : TerminalText.Escape(metric);
            var coverage = aggregate.Coverage is { } c ? (c * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : Numbers.None;
            if (aggregate.Coverage < (run.MinCoverage ?? 0) && threshold is not null) coverage = $"[red]{coverage}[/]";
            var cells = columns.Select(column => column switch
            {
                "n" => Numbers.Count(aggregate.N),
                "failed" => Numbers.Count(aggregate.Failed),
                "flaky" => Numbers.Count(aggregate.Flaky),
                "coverage" or "cov" => coverage,
                "mean" => Numbers.Score(aggregate.Mean),
                "median" => Numbers.Score(aggregate.Median),
                "p10" => Numbers.Score(aggregate.P10),
                "min" => Numbers.Score(aggregate.Min),
                "max" => Numbers.Score(aggregate.Max),
                "stdev" => Numbers.Score(aggregate.Stdev),
                "pass rate" => Numbers.Percent(aggregate.PassRate),
                "pass" => aggregate.PassRate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : Numbers.None,
                "thr" => threshold is { } limit ? limit.ToString("0.##", CultureInfo.InvariantCulture) : Numbers.None,
                _ => Numbers.Score(threshold),
            });
            table.AddRow([name, .. cells, Result(run, metric, threshold, unicode)]);
        }
        return table;
    }

    /// <summary>The run's metrics in the order it asked for them, any others by name, weighted_score last.</summary>
    public static IEnumerable<string> MetricOrder(RunRecord run)
    {
        var aggregates = run.Aggregates ?? new Dictionary<string, MetricAggregate>();
        var asked = (run.Metrics ?? []).Where(aggregates.ContainsKey);
        var others = aggregates.Keys.Where(m => m != WeightedScore).Except(asked).Order(StringComparer.Ordinal);
        var ordered = asked.Concat(others).Distinct().ToList();
        if (aggregates.ContainsKey(WeightedScore)) ordered.Add(WeightedScore);
        return ordered;
    }

    public static string? Usage(RunUsage? usage)
    {
        if (usage is null) return null;
        if (usage.JudgeCalls == 0 && usage.TotalTokens == 0)
            return usage.CacheHits > 0 ? $"Judge: no paid calls ({Numbers.Count(usage.CacheHits)} replies from the cache)." : "Judge: no calls.";
        var total = usage.TotalTokens > 0 ? usage.TotalTokens : usage.PromptTokens + usage.CompletionTokens;
        var text = $"Judge: {Numbers.Count(usage.JudgeCalls)} calls, {Numbers.Count(total)} tokens ({Numbers.Count(usage.PromptTokens)} prompt, {Numbers.Count(usage.CompletionTokens)} completion)";
        if (usage.CacheHits > 0) text += $", {Numbers.Count(usage.CacheHits)} cache hits";
        if (usage.RedoneCalls > 0)
        {
            text += $"; {Numbers.Count(usage.RedoneCalls)} of the calls ({Numbers.Count(usage.RedonePromptTokens + usage.RedoneCompletionTokens)} tokens) were redone after attempts that never finished";
        }

        if (usage.CutOffCalls > 0) text += $"; {Numbers.Count(usage.CutOffCalls)} cut off before their reply (perhaps never received)";

        if (usage.Cost is { } cost) text += $", cost {cost.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} {usage.Currency}".TrimEnd();
        return text + ".";
    }

    private static string Result(RunRecord run, string metric, double? threshold, bool unicode)
    {
        if (threshold is null) return "";
        return RunVerdict.Meets(run, metric, threshold.Value) && RunVerdict.Covered(run, metric)
            ? $"[green]{(unicode ? "✓ " : "")}pass[/]"
            : $"[red]{(unicode ? "✗ " : "")}FAIL[/]";
    }
}
