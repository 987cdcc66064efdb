using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Cli.Watching;

public sealed class EtaEstimatorTests
{
    [Fact]
    public void Estimate_FromThePaceSinceFirstSeen()
    {
        var time = new FakeTimeProvider();
        var eta = new EtaEstimator(time);

        Assert.Null(eta.Estimate(done: 20, total: 100));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(30), eta.Estimate(done: 40, total: 100));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), eta.Estimate(done: 60, total: 100));
    }

    [Fact]
    public void Estimate_NoProgressYet_IsUnknown()
    {
        var time = new FakeTimeProvider();
        var eta = new EtaEstimator(time);

        eta.Estimate(0, 10);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(eta.Estimate(0, 10));
    }

    [Fact]
    public void Estimate_AllDone_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, new EtaEstimator(new FakeTimeProvider()).Estimate(10, 10));
    }
}
