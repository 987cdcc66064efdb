using System.ComponentModel;
using ScoreJobs.Cli.Api;
using Spectre.Console.Cli;

namespace ScoreJobs.Cli.Commands;

/// <summary>Where the server is and how to talk to it; the command line wins over SCOREJOBS_URL and SCOREJOBS_KEY.</summary>
internal abstract class ServerSettings : CommandSettings
{
    public const string UrlVariable = "SCOREJOBS_URL";
    public const string KeyVariable = "SCOREJOBS_KEY";

    [CommandOption("--url <URL>")]
    [Description("Site root of the ScoreJobs app (https://host or https://host/api). Default: $SCOREJOBS_URL")]
    public string? Url { get; init; }

    [CommandOption("--key <KEY>")]
    [Description("API key, sent as x-functions-key and as a bearer token. Default: $SCOREJOBS_KEY")]
    public string? Key { get; init; }

    [CommandOption("--json")]
    [Description("Print only the server's JSON on stdout (progress, if any, goes to stderr)")]
    public bool Json { get; init; }

    public ScoreJobsClient CreateClient(CliEnvironment environment)
    {
        var server = ServerAddress.Parse(string.IsNullOrWhiteSpace(Url) ? environment.Variable(UrlVariable) : Url);
        var key = string.IsNullOrWhiteSpace(Key) ? environment.Variable(KeyVariable) : Key;
        return new ScoreJobsClient(server, key, environment);
    }
}
