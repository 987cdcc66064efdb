using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;
using ScoreJobs.Queues;

namespace ScoreJobs.Jobs;

public sealed class WorkerPacingTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(5);
    private const double Floor = WorkerPacing.FloorShare;
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private WorkerPacing CreateSut(int? targetMs = null, bool localStore = true) =>
        new(TestOptions.Create(o => o.WorkerPacingTargetMs = targetMs), _clock, TestLogger.For<WorkerPacing>(), localStore);

    private static (double Live, double Runs) Shares(WorkerPacing pacing) => (pacing.ShareOf(QueueLanes.Live), pacing.ShareOf(QueueLanes.Runs));

    // One window of submits taking the given times, then the window closes.
    private void Window(WorkerPacing pacing, params TimeSpan[] submits)
    {
        var spent = TimeSpan.Zero;
        foreach (var took in submits)
        {
            var start = pacing.SubmitStarted();
            _clock.Advance(took);
            pacing.SubmitServed(start);
            spent += took;
        }

        _clock.Advance(WorkerPacing.Window - spent);
    }

    private void SlowWindows(WorkerPacing pacing, int count)
    {
        for (var i = 0; i < count; i++) Window(pacing, Slow);
    }

    [Fact]
    public void Shares_NoSubmits_BothWorkersWhole()
    {
        var pacing = CreateSut();
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal((1, 1), Shares(pacing));
        Assert.Equal(32, pacing.Slots(QueueLanes.Live, 32));
        Assert.Equal(32, pacing.Slots(QueueLanes.Runs, 32));
    }

    [Fact]
    public void Shares_OneWindowOfSlowSubmits_RunsLaneHalvedFirst()
    {
        var pacing = CreateSut();

        Window(pacing, Slow, Fast, Fast);

        Assert.Equal((1, 0.5), Shares(pacing));
        Assert.Equal(16, pacing.Slots(QueueLanes.Runs, 32));
        Assert.Equal(32, pacing.Slots(QueueLanes.Live, 32));
    }

    [Fact]
    public void Shares_SlowWindowStillOpen_NotYetHalved()
    {
        var pacing = CreateSut();
        var start = pacing.SubmitStarted();
        _clock.Advance(Slow);
        pacing.SubmitServed(start);

        Assert.Equal((1, 1), Shares(pacing));
    }

    [Fact]
    public void Shares_SlowWindowsInARow_RunsLaneToItsFloorThenTheLiveLaneAndNoFurther()
    {
        var pacing = CreateSut();

        SlowWindows(pacing, 3);
        Assert.Equal((1, Floor), Shares(pacing));

        SlowWindows(pacing, 1);
        Assert.Equal((0.5, Floor), Shares(pacing));

        SlowWindows(pacing, 4);
        Assert.Equal((Floor, Floor), Shares(pacing));
        Assert.Equal(4, pacing.Slots(QueueLanes.Live, 32));
        Assert.Equal(1, pacing.Slots(QueueLanes.Live, 3));
    }

    [Fact]
    public void Shares_OneSlowSubmitInTen_NotHalved()
    {
        var pacing = CreateSut();

        Window(pacing, [Slow, .. Enumerable.Repeat(Fast, 9)]);

        Assert.Equal((1, 1), Shares(pacing));
    }

    [Fact]
    public void Shares_TwoSlowSubmitsInTen_Halved()
    {
        var pacing = CreateSut();

        Window(pacing, [Slow, Slow, .. Enumerable.Repeat(Fast, 8)]);

        Assert.Equal((1, 0.5), Shares(pacing));
    }

    [Fact]
    public void Shares_FastWindowsAfterTheFloor_LiveLaneGrowsBackFirstASixteenthEach()
    {
        var pacing = CreateSut();
        SlowWindows(pacing, 6);
        Assert.Equal((Floor, Floor), Shares(pacing));

        Window(pacing, Fast, Fast);
        Assert.Equal((Floor + WorkerPacing.ShareStep, Floor), Shares(pacing));

        // 14 sixteenths take the live lane from 2/16 to 1; only then does the runs lane grow.
        for (var i = 0; i < 13; i++) Window(pacing, Fast);
        Assert.Equal((1, Floor), Shares(pacing));
        Window(pacing, Fast);
        Assert.Equal((1, Floor + WorkerPacing.ShareStep), Shares(pacing));
    }

    [Fact]
    public void Shares_WindowWithoutSubmits_BothDoubled()
    {
        var pacing = CreateSut();
        SlowWindows(pacing, 6);
        Assert.Equal((Floor, Floor), Shares(pacing));

        Window(pacing);
        Assert.Equal((2 * Floor, 2 * Floor), Shares(pacing));

        Window(pacing);
        Assert.Equal((4 * Floor, 4 * Floor), Shares(pacing));
    }

    [Fact]
    public void Shares_MoreThanAWindowWithoutSubmits_BothWorkersBack()
    {
        var pacing = CreateSut();
        SlowWindows(pacing, 6);
        var start = pacing.SubmitStarted();
        _clock.Advance(Slow);
        pacing.SubmitServed(start);

        _clock.Advance(WorkerPacing.Window * 2);

        Assert.Equal((1, 1), Shares(pacing));
    }

    [Fact]
    public void Shares_SubmitWaitingThroughWindows_HalvedRunsLaneFirst()
    {
        var pacing = CreateSut();
        Window(pacing, Fast);
        var start = pacing.SubmitStarted();

        _clock.Advance(WorkerPacing.Window);
        Assert.Equal((1, 0.5), Shares(pacing));

        _clock.Advance(WorkerPacing.Window * 3);
        Assert.Equal((1, Floor), Shares(pacing));

        _clock.Advance(WorkerPacing.Window);
        Assert.Equal((0.5, Floor), Shares(pacing));

        pacing.SubmitServed(start);
        _clock.Advance(WorkerPacing.Window * 2);
        Assert.Equal((1, 1), Shares(pacing));
    }

    [Fact]
    public void Shares_TargetZero_PacingOff()
    {
        var pacing = CreateSut(targetMs: 0);

        for (var i = 0; i < 6; i++) Window(pacing, TimeSpan.FromMilliseconds(150));

        Assert.Equal((1, 1), Shares(pacing));
    }

    [Fact]
    public void Shares_StorageMode_OnlyTheRunsLaneGivesWay()
    {
        var pacing = CreateSut(targetMs: 25, localStore: false);

        SlowWindows(pacing, 8);

        Assert.Equal((1, Floor), Shares(pacing));
        Assert.Equal(32, pacing.Slots(QueueLanes.Live, 32));
        Assert.Equal(4, pacing.Slots(QueueLanes.Runs, 32));
    }

    [Theory]
    [InlineData(true, 30, 0.5)] // over the local store's 25 ms
    [InlineData(false, 30, 1.0)] // a Storage-mode submit of 30 ms is not slow: three storage requests in turn take that
    [InlineData(false, 190, 1.0)] // under Storage mode's 200 ms
    public void Shares_TargetUnset_DefaultFollowsTheStore(bool localStore, int submitMs, double runsShare)
    {
        var pacing = CreateSut(localStore: localStore);

        Window(pacing, TimeSpan.FromMilliseconds(submitMs));

        Assert.Equal(runsShare, pacing.ShareOf(QueueLanes.Runs));
    }

    [Fact]
    public void Shares_TargetSetInStorageMode_Kept()
    {
        var pacing = CreateSut(targetMs: 25, localStore: false);

        Window(pacing, Slow);

        Assert.Equal((1, 0.5), Shares(pacing));
    }
}
