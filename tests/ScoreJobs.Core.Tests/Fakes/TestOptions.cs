using Microsoft.Extensions.Options;
using ScoreJobs.Hosting;

namespace ScoreJobs.Fakes;

internal static class TestOptions
{
    public static IOptions<ScoreJobsOptions> Create(Action<ScoreJobsOptions>? configure = null)
    {
        var options = new ScoreJobsOptions { JobsDirectory = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N")) };
        configure?.Invoke(options);
        return Options.Create(options);
    }
}
