namespace ScoreFunctions.Hosting;

/// <summary>How to start one Azure Functions host for an app folder.</summary>
/// <param name="Description">Which host this is, for the test log and messages.</param>
/// <param name="EnforcesKeys">Whether function keys are checked (the host does; func does with <c>--enableAuth</c>).</param>
internal sealed record FunctionsHostCommand(
    string Description,
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    bool EnforcesKeys);
