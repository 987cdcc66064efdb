using System.Security.Cryptography;
using ScoreJobs.Bench.Hosting;

namespace ScoreJobs.Bench.Faults;

/// <summary>What the fault scenarios share: the server binary, a scratch folder, the profile and the API token.</summary>
internal sealed class FaultContext(string serverDll, string scratch, FaultProfile profile)
{
    public string ServerDll { get; } = serverDll;

    public string Scratch { get; } = scratch;

    public FaultProfile Profile { get; } = profile;

    /// <summary>Every server in the fault run requires this bearer token, so the hostile corpus can try bad ones.</summary>
    public string ApiToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public Task<ServerProcess> StartServerAsync(string name, ServerSettings settings, CancellationToken cancellationToken) =>
        ServerProcess.StartAsync(name, ServerDll, settings with { ApiToken = ApiToken, LogLevel = "Information" }, Path.Combine(Scratch, "logs", name + ".log"), cancellationToken);

    public static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
