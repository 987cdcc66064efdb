using ScoreJobs.Cli.Comparisons;
using Spectre.Console;

namespace ScoreJobs.Cli.Rendering;

/// <summary>Two runs side by side: each metric's means and change, then the samples that got worse, worst first.</summary>
internal static class ComparisonReport
{
    private static readonly string[] MeanColumns = ["base mean", "head mean", "delta", "base n", "head n"];
    private static readonly string[] ScoreColumns = ["base", "head", "delta"];

    public static void Write(IAnsiConsole console, RunComparison comparison, int limit)
    {
        var unicode = console.Profile.Capabilities.Unicode;
        console.MarkupLine(Markup.Escape($"Base {comparison.Base} -> head {comparison.Head}"));
        console.Write(MetricsTable(comparison, unicode));
        if (comparison.BaseOnly is { Count: > 0 } || comparison.HeadOnly is { Count: > 0 })
            console.MarkupLine(Markup.Escape($"Unmatched samples: {comparison.BaseOnly?.Count ?? 0} only in base, {comparison.HeadOnly?.Count ?? 0} only in head."));

        var regressions = Worst(comparison.Regressions).ToList();
        if (regressions.Count == 0)
        {
            console.MarkupLine("[green]No sample regressed.[/]");
            return;
        }
        var shown = regressions.Take(limit).ToList();
        var margin = comparison.Margin is { } m ? $" (a score fell by more than {Numbers.Score(m)})" : "";
        console.MarkupLine(Markup.Escape(shown.Count < regressions.Count
            ? $"{regressions.Count} regressions{margin}, the worst {shown.Count}:"
            : $"{regressions.Count} regression{(regressions.Count == 1 ? "" : "s")}{margin}, worst first:"));
        if (shown.Count > 0) console.Write(RegressionsTable(shown, unicode));
    }

    public static Table MetricsTable(RunComparison comparison, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii).AddColumn("metric")
            .AddColumns(MeanColumns.Select(c => new TableColumn(c).RightAligned()).ToArray());
        var order = comparison.Metrics.Keys.Where(m => m != RunReport.WeightedScore).Order(StringComparer.Ordinal).ToList();
        if (comparison.Metrics.ContainsKey(RunReport.WeightedScore)) order.Add(RunReport.WeightedScore);
        foreach (var metric in order)
        {
            var delta = comparison.Metrics[metric];
            table.AddRow(Markup.Escape(metric), Numbers.Score(delta.BaseMean), Numbers.Score(delta.HeadMean), Delta(delta.Delta, unicode),
                Scored(delta.BaseN, delta.BaseFailed, delta.BaseCoverage), Scored(delta.HeadN, delta.HeadFailed, delta.HeadCoverage));
        }
        return table;
    }

    // "98 (2 failed, 98%)": how many scored, so a mean over fewer samples shows as such.
    private static string Scored(int n, int failed, double? coverage) =>
        coverage is { } c
            ? $"{Numbers.Count(n)} ({(failed > 0 ? $"{Numbers.Count(failed)} failed, " : "")}{(c * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}%)"
            : Numbers.Count(n);

    public static Table RegressionsTable(IEnumerable<Regression> regressions, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii).AddColumn("sample").AddColumn("metric")
            .AddColumns(ScoreColumns.Select(c => new TableColumn(c).RightAligned()).ToArray());
        foreach (var regression in regressions)
            table.AddRow(Markup.Escape(regression.SampleId), Markup.Escape(regression.Metric), Numbers.Score(regression.Base), Numbers.Score(regression.Head),
                Delta(regression.Delta, unicode));
        return table;
    }

    /// <summary>The largest fall first; ties by sample and metric so the order is stable.</summary>
    public static IEnumerable<Regression> Worst(IEnumerable<Regression> regressions) =>
        regressions.OrderBy(r => r.Delta ?? double.MaxValue).ThenBy(r => r.SampleId, StringComparer.Ordinal).ThenBy(r => r.Metric, StringComparer.Ordinal);

    /// <summary>The sign carries the direction, an arrow and a colour repeat it: never colour alone.</summary>
    public static string Delta(double? delta, bool unicode) => delta switch
    {
        null => Numbers.None,
        > 0 => $"[green]{(unicode ? "▲ " : "")}{Numbers.Delta(delta.Value)}[/]",
        < 0 => $"[red]{(unicode ? "▼ " : "")}{Numbers.Delta(delta.Value)}[/]",
        _ => $"[grey]{(unicode ? "= " : "")}{Numbers.Delta(0)}[/]",
    };
}
