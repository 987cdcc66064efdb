namespace ScoreJobs.Infra;

/// <summary>One run of the Bicep CLI: its exit code, its output and the diagnostics it printed.</summary>
internal sealed record BicepRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<BicepDiagnostic> Diagnostics => BicepDiagnostic.Parse(Output + "\n" + Error);

    /// <summary>
    /// Warnings count as failures, as errors do: the CLI exits 0 on warnings alone (an unknown API version,
    /// BCP081, is one), so the exit code is not enough.
    /// </summary>
    public IReadOnlyList<BicepDiagnostic> Failures => [.. Diagnostics.Where(d => d.Level is "Warning" or "Error")];

    public string Describe() => $"exit code {ExitCode}\n{Error}\n{(Output.Length > 4000 ? Output[..4000] + "…" : Output)}";
}
