using Microsoft.Extensions.Time.Testing;
using ScoreJobs.Fakes;

namespace ScoreJobs.Jobs;

public sealed class WorkerPacingTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(30);
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(5);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private WorkerPacing CreateSut(int targetMs = 25) => new(TestOptions.Create(o => o.WorkerPacingTargetMs = targetMs), _clock, TestLogger.For<WorkerPacing>());

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

    [Fact]
    public void Share_NoSubmits_WholeWorker()
    {
        var pacing = CreateSut();
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, pacing.Share);
        Assert.Equal(32, pacing.Slots(32));
    }

    [Fact]
    public void Share_OneWindowOfSlowSubmits_Halved()
    {
        var pacing = CreateSut();

        Window(pacing, Slow, Fast, Fast);

        Assert.Equal(0.5, pacing.Share);
        Assert.Equal(16, pacing.Slots(32));
    }

    [Fact]
    public void Share_SlowWindowStillOpen_NotYetHalved()
    {
        var pacing = CreateSut();
        var start = pacing.SubmitStarted();
        _clock.Advance(Slow);
        pacing.SubmitServed(start);

        Assert.Equal(1, pacing.Share);
    }

    [Fact]
    public void Share_SlowWindowsInARow_HalvedDownToAnEighthAndNoFurther()
    {
        var pacing = CreateSut();

        for (var i = 0; i < 6; i++) Window(pacing, Slow);

        Assert.Equal(WorkerPacing.FloorShare, pacing.Share);
        Assert.Equal(4, pacing.Slots(32));
        Assert.Equal(1, pacing.Slots(3));
    }

    [Fact]
    public void Share_OneSlowSubmitInTen_NotHalved()
    {
        var pacing = CreateSut();

        Window(pacing, [Slow, .. Enumerable.Repeat(Fast, 9)]);

        Assert.Equal(1, pacing.Share);
    }

    [Fact]
    public void Share_TwoSlowSubmitsInTen_Halved()
    {
        var pacing = CreateSut();

        Window(pacing, [Slow, Slow, .. Enumerable.Repeat(Fast, 8)]);

        Assert.Equal(0.5, pacing.Share);
    }

    [Fact]
    public void Share_FastWindowsAfterTheFloor_GrowBackASixteenthEach()
    {
        var pacing = CreateSut();
        for (var i = 0; i < 3; i++) Window(pacing, Slow);
        Assert.Equal(WorkerPacing.FloorShare, pacing.Share);

        Window(pacing, Fast, Fast);
        Assert.Equal(WorkerPacing.FloorShare + WorkerPacing.ShareStep, pacing.Share);

        for (var i = 0; i < 3; i++) Window(pacing, Fast);
        Assert.Equal(WorkerPacing.FloorShare + 4 * WorkerPacing.ShareStep, pacing.Share);
    }

    [Fact]
    public void Share_WindowWithoutSubmits_Doubled()
    {
        var pacing = CreateSut();
        for (var i = 0; i < 3; i++) Window(pacing, Slow);
        Assert.Equal(WorkerPacing.FloorShare, pacing.Share);

        Window(pacing);
        Assert.Equal(2 * WorkerPacing.FloorShare, pacing.Share);

        Window(pacing);
        Assert.Equal(4 * WorkerPacing.FloorShare, pacing.Share);
    }

    [Fact]
    public void Share_MoreThanAWindowWithoutSubmits_WholeWorkerBack()
    {
        var pacing = CreateSut();
        for (var i = 0; i < 3; i++) Window(pacing, Slow);
        var start = pacing.SubmitStarted();
        _clock.Advance(Slow);
        pacing.SubmitServed(start);

        _clock.Advance(WorkerPacing.Window * 2);

        Assert.Equal(1, pacing.Share);
    }

    [Fact]
    public void Share_SubmitWaitingThroughAWindow_Halved()
    {
        var pacing = CreateSut();
        Window(pacing, Fast);
        var start = pacing.SubmitStarted();

        _clock.Advance(WorkerPacing.Window);
        Assert.Equal(0.5, pacing.Share);

        _clock.Advance(WorkerPacing.Window * 3);
        Assert.Equal(0.125, pacing.Share);

        pacing.SubmitServed(start);
        _clock.Advance(WorkerPacing.Window * 2);
        Assert.Equal(1, pacing.Share);
    }

    [Fact]
    public void Share_TargetZero_PacingOff()
    {
        var pacing = CreateSut(targetMs: 0);

        for (var i = 0; i < 6; i++) Window(pacing, TimeSpan.FromMilliseconds(150));

        Assert.Equal(1, pacing.Share);
    }
}
