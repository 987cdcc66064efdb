using ScoreJobs.Jobs;
using ScoreJobs.Records;

namespace ScoreJobs.Records;

public sealed class JobIdTests
{
    [Fact]
    public void New_LaterTime_SortsBeforeEarlier()
    {
        var earlier = JobId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var later = JobId.New(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 1, TimeSpan.Zero));

        Assert.True(string.CompareOrdinal(later, earlier) < 0, $"{later} should sort before {earlier}");
    }

    [Fact]
    public void New_SameMillisecond_DiffersInRandomPart()
    {
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, 1000).Select(_ => JobId.New(now)).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(JobId.IsValid(id), id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("..%2F..")]
    [InlineData("../../etc/passwd")]
    [InlineData("0000000000000000000000000000x")]
    [InlineData("000000000000000000000000000I")]
    [InlineData("000000000000000000000000000A")]
    public void IsValid_NotOurShape_False(string? value) => Assert.False(JobId.IsValid(value));
}
