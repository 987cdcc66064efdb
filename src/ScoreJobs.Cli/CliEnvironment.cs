using Spectre.Console;

namespace ScoreJobs.Cli;

/// <summary>What the CLI reads from and writes to: the process's console and variables, or a test's.</summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    bool OutIsTerminal,
    bool ErrorIsTerminal,
    Func<string, string?> Variable,
    TimeProvider Time)
{
    public WaitTimings Timings { get; init; } = new();

    public static CliEnvironment FromProcess() => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected,
        Environment.GetEnvironmentVariable,
        TimeProvider.System);

    /// <summary>A console over <see cref="Out"/>: colours and live widgets on a terminal, plain text (no ANSI) elsewhere.</summary>
    public IAnsiConsole CreateOutConsole() => CreateConsole(Out, OutIsTerminal);

    public IAnsiConsole CreateErrorConsole() => CreateConsole(Error, ErrorIsTerminal);

    private static IAnsiConsole CreateConsole(TextWriter writer, bool isTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // A log file or a CI page has no width: tables keep their columns, and a command to copy stays on one line.
        if (!isTerminal) console.Profile.Width = 1000;
        return console;
    }
}
