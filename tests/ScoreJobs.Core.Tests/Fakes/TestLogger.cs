using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ScoreJobs.Fakes;

internal static class TestLogger
{
    public static ILogger<T> For<T>() => NullLogger<T>.Instance;
}
