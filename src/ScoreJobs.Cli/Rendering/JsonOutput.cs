namespace ScoreJobs.Cli.Rendering;

/// <summary>--json: the server's JSON alone on stdout, as it was sent, no ANSI, one trailing newline.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter stdout, string json)
    {
        stdout.Write(json.TrimEnd());
        stdout.Write('\n');
        stdout.Flush();
    }
}
