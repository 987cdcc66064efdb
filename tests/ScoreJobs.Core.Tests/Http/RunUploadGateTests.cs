using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Http;

public sealed class RunUploadGateTests
{
    private const long Large = RunUploadGate.LargeBytes + 1;
    private readonly FakeTimeProvider _time = new();

    private RunUploadGate Gate(int slots = 1) => new(Options.Create(new ScoreJobsOptions { MaxConcurrentLargeRuns = slots }), _time);

    [Fact]
    public async Task EnterAsync_SmallBody_NeverWaitsNorTakesASlot()
    {
        using var gate = Gate();
        using var large = await gate.EnterAsync(Large, CancellationToken.None);

        using var small = await gate.EnterAsync(RunUploadGate.LargeBytes, CancellationToken.None);

        Assert.NotNull(small);
        Assert.Equal(1, gate.InUse);
    }

    [Fact]
    public async Task EnterAsync_UnknownLength_CountsAsLarge()
    {
        using var gate = Gate();

        using var slot = await gate.EnterAsync(null, CancellationToken.None);

        Assert.Equal(1, gate.InUse);
    }

    [Fact]
    public async Task EnterAsync_SlotsTaken_WaitsUntilOneIsReleased()
    {
        using var gate = Gate();
        var first = await gate.EnterAsync(Large, CancellationToken.None);

        var second = gate.EnterAsync(Large, CancellationToken.None);
        Assert.False(second.IsCompleted);
        first!.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(granted);
        Assert.Equal(1, gate.InUse);
    }

    [Fact]
    public async Task EnterAsync_NoSlotWithinMaxWait_NullAndTheLateSlotIsGivenBack()
    {
        using var gate = Gate();
        var first = await gate.EnterAsync(Large, CancellationToken.None);
        var second = gate.EnterAsync(Large, CancellationToken.None);

        _time.Advance(RunUploadGate.MaxWait);
        var refused = await second.WaitAsync(TimeSpan.FromSeconds(30));
        first!.Dispose();

        Assert.Null(refused);
        // The refused wait was granted the released slot and handed it straight back: a third comes in at once.
        using var third = await gate.EnterAsync(Large, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(third);
        Assert.Equal(1, gate.InUse);
    }

    [Fact]
    public async Task Dispose_Twice_ReleasesOnce()
    {
        using var gate = Gate(slots: 2);
        var slot = await gate.EnterAsync(Large, CancellationToken.None);
        using var other = await gate.EnterAsync(Large, CancellationToken.None);

        slot!.Dispose();
        slot.Dispose();

        Assert.Equal(1, gate.InUse);
    }
}
