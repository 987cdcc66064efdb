using ScoreJobs.Records;

namespace ScoreJobs.Index.Tables;

public sealed class JobShardTests
{
    // XxHash32 (seed 0) of the id's UTF-16 bytes, worked out with an independent implementation of the algorithm: the
    // same in every process, which a per-process seeded string hash is not.
    [Theory]
    [InlineData("zzzybr1e2wzzq5rv7y2d0jhptm4c", 32, 29)]
    [InlineData("zzzybr1e2wzzq5rv7y2d0jhptm4c", 16, 13)]
    [InlineData("0000000000000000000000000000", 32, 23)]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzz", 16, 0)]
    public void Of_JobId_SameShardInEveryProcess(string jobId, int shards, int expected) =>
        Assert.Equal(expected, JobShard.Of(jobId, shards));

    [Fact]
    public void Of_ManyNewJobIds_SpreadOverEveryShard()
    {
        var counts = new int[32];
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3200; i++) counts[JobShard.Of(JobId.New(now), 32)]++;

        Assert.All(counts, count => Assert.InRange(count, 50, 160));
    }
}
