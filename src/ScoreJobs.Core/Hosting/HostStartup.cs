using Microsoft.Extensions.Options;

namespace ScoreJobs.Hosting;

/// <summary>The one start-up error path of every host: a bad setting stops the host with one line naming it.</summary>
public static class HostStartup
{
    /// <summary>The exit code of a host stopped by a bad setting.</summary>
    public const int BadSettingExitCode = 2;

    /// <summary>
    /// Builds and runs a host. A setting that is present but unusable (<see cref="InvalidSettingException"/>) or
    /// fails options validation is the operator's to fix: it is written to standard error as
    /// <c>ScoreJobs cannot start: …</c>, without a stack trace, and the exit code is <see cref="BadSettingExitCode"/>.
    /// </summary>
    public static async Task<int> RunAsync(Func<Task> buildAndRun)
    {
        try
        {
            await buildAndRun().ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidSettingException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync($"ScoreJobs cannot start: {ex.Message}").ConfigureAwait(false);
            return BadSettingExitCode;
        }
    }
}
