namespace ScoreJobs.Records;

public sealed class RunJobIdTests
{
    [Fact]
    public void For_SameRunAndIndex_SameValidId_InSampleOrder()
    {
        var run = JobId.New(DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, 1200).Select(i => RunJobId.For(run, i)).ToList();

        Assert.All(ids, id => Assert.True(JobId.IsValid(id)));
        Assert.Equal(ids, Enumerable.Range(0, 1200).Select(i => RunJobId.For(run, i)));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.NotEqual(RunJobId.For(run, 0), RunJobId.For(JobId.New(DateTimeOffset.UtcNow), 0));
    }
}
