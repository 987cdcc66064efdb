using System.Globalization;
using ScoreJobs.Cli.Runs;
using Spectre.Console;

namespace ScoreJobs.Cli.Rendering;

/// <summary>A dry run for people: what would be submitted, a table of the judge calls and tokens per metric, and the cost.</summary>
internal static class RunEstimateReport
{
    private static readonly string[] FigureColumns = ["calls", "cached", "prompt tok", "reply tok"];

    public static void Write(IAnsiConsole console, RunEstimate run)
    {
        var estimate = run.Estimate;
        var judge = run.JudgeModel is null ? "" : $", judge {run.JudgeModel}";
        console.MarkupLine(TerminalText.Escape(
            $"Dry run: {Numbers.Samples(run.Samples)}, {run.Mode ?? "live"} mode{judge}; nothing was submitted."));
        if (estimate.ByMetric.Count > 0) console.Write(Table(estimate, console.Profile.Capabilities.Unicode));
        else console.MarkupLine("No judge metric: the run makes no judge call and costs nothing.");
        if (estimate.EmbeddingCalls > 0)
        {
            console.MarkupLine(TerminalText.Escape($"Embeddings: {Numbers.Count(estimate.EmbeddingCalls)} calls, {Numbers.Count(estimate.EmbeddingTokens)} tokens."));
        }

        console.MarkupLine(TerminalText.Escape(Cost(estimate.Cost)));
        console.MarkupLine("[grey]Prompt tokens are counted, reply tokens estimated (see docs/guardrails.md).[/]");
    }

    /// <summary>The metric and four figures: with a 21-character metric name and millions of tokens it is under 80 columns wide.</summary>
    public static Table Table(JudgeEstimate estimate, bool unicode)
    {
        var table = new Table().Border(unicode ? TableBorder.Rounded : TableBorder.Ascii)
            .AddColumn("metric")
            .AddColumns([.. FigureColumns.Select(c => new TableColumn(c).RightAligned().NoWrap())]);
        foreach (var (metric, figures) in estimate.ByMetric)
        {
            table.AddRow(TerminalText.Escape(metric), Numbers.Count(figures.JudgeCalls), Numbers.Count(figures.Cached),
                Numbers.Count(figures.PromptTokens), Numbers.Count(figures.CompletionTokens));
        }

        table.AddRow("[bold]total[/]", Numbers.Count(estimate.JudgeCalls), Numbers.Count(estimate.Cached),
            Numbers.Count(estimate.PromptTokens), Numbers.Count(estimate.CompletionTokens));
        return table;
    }

    public static string Cost(EstimatedCost? cost) => cost switch
    {
        { Live: { } live, Batch: { } batch } => $"Cost: {Money(live)} {cost.Currency} live, {Money(batch)} {cost.Currency} in batch mode (cached calls are free).",
        { Reason: { } reason } => $"Cost: unknown.\n{reason}.",
        _ => "Cost: unknown.",
    };

    private static string Money(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
