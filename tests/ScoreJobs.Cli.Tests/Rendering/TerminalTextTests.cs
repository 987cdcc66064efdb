using ScoreJobs.Cli.Runs;
using Spectre.Console.Testing;

namespace ScoreJobs.Cli.Rendering;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain 名字", "plain 名字")]
    [InlineData("\u001b[2Jcleared", "\\u001B[2Jcleared")]
    [InlineData("line\n::error::pwned", "line\\u000A::error::pwned")]
    [InlineData("::error file=x::pwned", " ::error file=x::pwned")]
    [InlineData("bell\u0007 and c1\u009b", "bell\\u0007 and c1\\u009B")]
    [InlineData("rtl\u202Eevil", "rtl\\u202Eevil")]
    public void Plain_ServerString_NoControlCharacterOrWorkflowCommandReachesTheTerminal(string text, string shown) =>
        Assert.Equal(shown, TerminalText.Plain(text));

    [Fact]
    public void Escape_MarkupAndControlCharacters_BothEscaped() =>
        Assert.Equal("[[red]]\\u001B[[0m", TerminalText.Escape("[red]\u001b[0m"));

    [Fact]
    public void RunReport_HostileNameAndError_PrintedEscaped()
    {
        var console = new TestConsole().Width(200);
        var run = SampleRuns.Completed() with { Name = "\u001b]0;owned\u0007nightly", Error = "oops\n::error::pwned" };

        RunReport.Write(console, run, "https://host/");

        Assert.DoesNotContain('\u001b', console.Output);
        Assert.DoesNotContain('\u0007', console.Output);
        Assert.DoesNotContain(console.Output.ReplaceLineEndings("\n").Split('\n'), line => line.StartsWith("::", StringComparison.Ordinal));
        Assert.Contains("\\u001B]0;owned\\u0007nightly", console.Output);
    }

    [Fact]
    public void EscapeLines_MessageOverLines_KeepsTheLinesEachSafe() =>
        Assert.Equal("refused:\n  line 2.id: bad\n ::error::x \\u001B", TerminalText.EscapeLines("refused:\n  line 2.id: bad\n::error::x \u001b"));
}
