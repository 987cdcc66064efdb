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
        console.MarkupLine(TerminalText.Escape($"Base {comparison.Base} -> head {comparison.Head}"));
        console.Write(MetricsTable(comparison, unicode));
        if (comparison.Metrics.Values.Any(m => m.Change is not null)) console.Write(SignificanceTable(comparison, unicode));
        if (comparison.BaseOnly is { Count: > 0 } || comparison.HeadOnly is { Count: > 0 })
            console.MarkupLine(TerminalText.Escape($"Unmatched samples: {comparison.BaseOnly?.Count ?? 0} only in base, {comparison.HeadOnly?.Count ?? 0} only in head."));

        var regressions = Worst(comparison.Regressions).ToList();
        if (regressions.Count == 0)
        {
            console.MarkupLine("[green]No sample regressed.[/]");
            return;
        }
        var shown = regressions.Take(limit).ToList();
        var margin = comparison.Margin is { } m ? $" (a score fell by more than {Numbers.Score(m)})" : "";
        console.MarkupLine(TerminalText.Escape(shown.Count < regressions.Count
            ? $"{regressions.Count} regressions{margin}, the worst {shown.Count}:"
            : $"{regressions.Count} regression{(regressions.Count == 1 ? "" : "s")}{margin}, worst first:"));
        if (shown.Count > 0) console.Write(RegressionsTable(shown, unicode));
    }

    public static Table MetricsTable(RunComparison comparison, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii).AddColumn("metric")
            .AddColumns(MeanColumns.Select(c => c.EndsWith(" n", StringComparison.Ordinal) ? new TableColumn(c).RightAligned() : new TableColumn(c).RightAligned().NoWrap()).ToArray());
        foreach (var metric in Ordered(comparison))
        {
            var delta = comparison.Metrics[metric];
            table.AddRow(TerminalText.Escape(metric), Numbers.Score(delta.BaseMean), Numbers.Score(delta.HeadMean), Delta(delta.Delta, unicode),
                Scored(delta.BaseN, delta.BaseFailed, delta.BaseCoverage), Scored(delta.HeadN, delta.HeadFailed, delta.HeadCoverage));
        }
        return table;
    }

    /// <summary>
    /// Whether each metric moved beyond noise: samples scored in both runs, the 95 % interval of their mean delta, the
    /// p-value and the verdict. A table of its own so that, with the means table, each fits 80 columns.
    /// </summary>
    public static Table SignificanceTable(RunComparison comparison, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii).AddColumn("metric")
            .AddColumn(new TableColumn("pairs").RightAligned().NoWrap()).AddColumn(new TableColumn("95% interval").RightAligned().NoWrap())
            .AddColumn(new TableColumn("p").RightAligned().NoWrap()).AddColumn("change");
        foreach (var metric in Ordered(comparison))
        {
            var delta = comparison.Metrics[metric];
            var interval = delta.Ci95 is [var low, var high] ? $"{Numbers.Delta(low)}..{Numbers.Delta(high)}" : Numbers.None;
            var p = delta.PValue is { } value ? (value < 0.001 ? "<0.001" : Numbers.Score(value)) : Numbers.None;
            table.AddRow(TerminalText.Escape(metric), Numbers.Count(delta.Pairs ?? 0), interval, p, Change(delta.Change));
        }
        return table;
    }

    /// <summary>Words first, colour only repeating them.</summary>
    public static string Change(string? change) => change switch
    {
        "worse" => "[red]worse[/]",
        "better" => "[green]better[/]",
        "none" => "[grey]within noise[/]",
        null => Numbers.None,
        _ => TerminalText.Escape(change),
    };

    private static List<string> Ordered(RunComparison comparison)
    {
        var order = comparison.Metrics.Keys.Where(m => m != RunReport.WeightedScore).Order(StringComparer.Ordinal).ToList();
        if (comparison.Metrics.ContainsKey(RunReport.WeightedScore)) order.Add(RunReport.WeightedScore);
        return order;
    }

    // "98 (2 failed, 98%)": how many scored, so a mean over fewer samples shows as such.
    private static string Scored(int n, int failed, double? coverage) =>
        coverage is { } c
            ? $"{Numbers.Count(n)} ({(failed > 0 ? $"{Numbers.Count(failed)} failed, " : "")}{(c * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)}%)"
            : Numbers.Count(n);

    public static Table RegressionsTable(IEnumerable<Regression> regressions, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii).AddColumn("sample").AddColumn("metric")
            .AddColumns(ScoreColumns.Select(c => new TableColumn(c).RightAligned().NoWrap()).ToArray());
        foreach (var regression in regressions)
            table.AddRow(TerminalText.Escape(regression.SampleId), TerminalText.Escape(regression.Metric), Numbers.Score(regression.Base), Numbers.Score(regression.Head),
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
