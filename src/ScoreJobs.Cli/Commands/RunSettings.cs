using System.ComponentModel;
using ScoreJobs.Cli.Datasets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

internal sealed class RunSettings : WatchSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The dataset: .jsonl/.ndjson (a sample a line), .csv (a header row) or .json (an array of samples, or a run request)")]
    public string File { get; init; } = "";

    [CommandOption("--metrics <NAMES>")]
    [Description("Metrics to score, comma-separated (exact_match,token_f1). Default: every metric available whose inputs are present")]
    public string? Metrics { get; init; }

    [CommandOption("--threshold <METRIC=VALUE>")]
    [Description("Pass only when the metric's mean over the run is at least VALUE (0 to 1). Repeatable")]
    public string[] Thresholds { get; init; } = [];

    [CommandOption("--weight <METRIC=WEIGHT>")]
    [Description("The metric's weight in weighted_score. Repeatable")]
    public string[] Weights { get; init; } = [];

    [CommandOption("--name <NAME>")]
    [Description("A name for the run")]
    public string? Name { get; init; }

    [CommandOption("--tag <KEY=VALUE>")]
    [Description("Metadata on the run (commit, branch...). Repeatable")]
    public string[] Tags { get; init; } = [];

    [CommandOption("--batch")]
    [Description("Score in batch mode (slower, cheaper where the server supports it)")]
    public bool Batch { get; init; }

    [CommandOption("--no-cache")]
    [Description("Judge afresh: neither read nor write the judge's response cache")]
    public bool NoCache { get; init; }

    [CommandOption("--dry-run")]
    [Description("Submit nothing: print the judge calls, tokens and cost the run would spend (less what the judge cache holds), and exit 0")]
    public bool DryRun { get; init; }

    public override ValidationResult Validate() =>
        DryRun && Wait ? ValidationResult.Error("--dry-run submits nothing, so there is nothing to --wait for: leave one out") : base.Validate();

    public RunOptions ToRunOptions() => RunOptions.Parse(Name, Metrics, Thresholds, Weights, Tags, Batch, NoCache);
}
