using System.Text.RegularExpressions;

namespace ScoreJobs.Infra;

/// <summary>A line such as <c>/repo/infra/main.bicep(12,5) : Warning no-unused-params: Parameter "x" is declared but never used.</c></summary>
internal sealed partial record BicepDiagnostic(string File, int Line, string Level, string Code, string Message)
{
    public static IReadOnlyList<BicepDiagnostic> Parse(string text) =>
        [.. DiagnosticLine().Matches(text).Select(m => new BicepDiagnostic(
            m.Groups["file"].Value,
            int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["level"].Value,
            m.Groups["code"].Value,
            m.Groups["message"].Value.Trim()))];

    public override string ToString() => $"{Path.GetFileName(File)}({Line}) {Level} {Code}: {Message}";

    [GeneratedRegex(@"^(?<file>.+?)\((?<line>\d+),\d+\) : (?<level>Error|Warning|Info) (?<code>[^:\s]+): (?<message>.*)$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
