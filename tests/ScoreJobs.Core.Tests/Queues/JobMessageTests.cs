using ScoreJobs.Records;

namespace ScoreJobs.Queues;

public sealed class JobMessageTests
{
    private static readonly string Id = JobId.New(DateTimeOffset.UtcNow);
    private static readonly string Other = JobId.New(DateTimeOffset.UtcNow.AddSeconds(1));
    private const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static TheoryData<JobMessage, string> EveryKind => new()
    {
        { new JobMessage.ScoreJob(Id), $$"""{"kind":"score","job_id":"{{Id}}"}""" },
        { new JobMessage.JobCallback(Id, 3), $$"""{"kind":"callback","job_id":"{{Id}}","attempt":3}""" },
        { new JobMessage.ExpandRun(Id, 2), $$"""{"kind":"run_expand","run_id":"{{Id}}","chunk":2}""" },
        { new JobMessage.RetryRun(Id, ""), $$"""{"kind":"run_retry","run_id":"{{Id}}","after_job_id":""}""" },
        { new JobMessage.RetryRun(Id, Other), $$"""{"kind":"run_retry","run_id":"{{Id}}","after_job_id":"{{Other}}"}""" },
        { new JobMessage.PollBatch(Id, 2), $$"""{"kind":"run_batch","run_id":"{{Id}}","round":2}""" },
        { new JobMessage.RunCallback(Id, 1), $$"""{"kind":"run_callback","run_id":"{{Id}}","attempt":1}""" },
        { new JobMessage.DeleteRun(Id), $$"""{"kind":"run_delete","run_id":"{{Id}}"}""" },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void ToJson_EveryKind_NamesItsKindAndRoundTrips(JobMessage message, string json)
    {
        Assert.Equal(json, message.ToJson());
        Assert.Equal(message, JobMessage.FromJson(json));
    }

    [Fact]
    public void ToJson_WithTraceparent_CarriesItAndRoundTrips()
    {
        var message = new JobMessage.ScoreJob(Id) { Traceparent = Traceparent };

        Assert.Equal($$"""{"kind":"score","job_id":"{{Id}}","traceparent":"{{Traceparent}}"}""", message.ToJson());
        Assert.Equal(message, JobMessage.FromJson(message.ToJson()));
    }

    [Fact]
    public void FromJson_KindNotFirst_StillRead() =>
        Assert.Equal(new JobMessage.ExpandRun(Id, 4), JobMessage.FromJson($$"""{"run_id":"{{Id}}","chunk":4,"kind":"run_expand"}"""));

    [Fact]
    public void FromJson_UnreadableTraceparent_StillOurMessage() =>
        Assert.Equal(new JobMessage.ScoreJob(Id), JobMessage.FromJson($$"""{"kind":"score","job_id":"{{Id}}","traceparent":"not-a-trace"}""")! with { Traceparent = null });

    // What versions before the kinds queued: still in a queue at an upgrade, they must be processed after it.
    public static TheoryData<string, JobMessage> PreviousFormat => new()
    {
        { $$"""{"job_id":"{{Id}}"}""", new JobMessage.ScoreJob(Id) },
        { $$"""{"job_id":"{{Id}}","traceparent":"{{Traceparent}}"}""", new JobMessage.ScoreJob(Id) { Traceparent = Traceparent } },
        { $$"""{"job_id":"{{Id}}","callback":3}""", new JobMessage.JobCallback(Id, 3) },
        { $$"""{"run_id":"{{Id}}","expand_from":2}""", new JobMessage.ExpandRun(Id, 2) },
        { $$"""{"run_id":"{{Id}}","retry_after":""}""", new JobMessage.RetryRun(Id, "") },
        { $$"""{"run_id":"{{Id}}","retry_after":"{{Other}}"}""", new JobMessage.RetryRun(Id, Other) },
        { $$"""{"run_id":"{{Id}}","batch_round":2}""", new JobMessage.PollBatch(Id, 2) },
        { $$"""{"run_id":"{{Id}}","callback":1}""", new JobMessage.RunCallback(Id, 1) },
        { $$"""{"run_id":"{{Id}}","delete":""}""", new JobMessage.DeleteRun(Id) },
    };

    [Theory]
    [MemberData(nameof(PreviousFormat))]
    public void FromJson_PreviousFormat_ReadAsItsKind(string json, JobMessage expected) =>
        Assert.Equal(expected, JobMessage.FromJson(json));

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"job_id\":42}")]
    [InlineData("{\"job_id\":\"../../etc/passwd\"}")]
    [InlineData("{\"job_id\":null}")]
    [InlineData("{\"job_id\":\"0123456789abcdefghjkmnpqrstv\",\"callback\":0}")]
    [InlineData("{\"job_id\":\"0123456789abcdefghjkmnpqrstv\",\"callback\":\"1\"}")]
    [InlineData("{\"kind\":\"score\"}")]
    [InlineData("{\"kind\":\"score\",\"job_id\":\"../../etc/passwd\"}")]
    [InlineData("{\"kind\":\"bogus\",\"job_id\":\"0123456789abcdefghjkmnpqrstv\"}")]
    [InlineData("{\"kind\":\"callback\",\"job_id\":\"0123456789abcdefghjkmnpqrstv\"}")]
    [InlineData("{\"kind\":\"callback\",\"job_id\":\"0123456789abcdefghjkmnpqrstv\",\"attempt\":0}")]
    public void FromJson_NotOneOfOurs_Null(string json) => Assert.Null(JobMessage.FromJson(json));

    [Theory]
    [InlineData("{\"run_id\":\"RUN\"}")]
    [InlineData("{\"run_id\":\"RUN\",\"expand_from\":-1}")]
    [InlineData("{\"run_id\":\"RUN\",\"expand_from\":0,\"retry_after\":\"\"}")]
    [InlineData("{\"run_id\":\"RUN\",\"retry_after\":\"not-an-id\"}")]
    [InlineData("{\"run_id\":\"RUN\",\"job_id\":\"RUN\",\"expand_from\":0}")]
    [InlineData("{\"run_id\":\"nope\",\"expand_from\":0}")]
    [InlineData("{\"run_id\":\"RUN\",\"callback\":0}")]
    [InlineData("{\"run_id\":\"RUN\",\"callback\":1,\"expand_from\":0}")]
    [InlineData("{\"run_id\":\"RUN\",\"batch_round\":0}")]
    [InlineData("{\"run_id\":\"RUN\",\"batch_round\":1,\"expand_from\":0}")]
    [InlineData("{\"run_id\":\"RUN\",\"batch_round\":1,\"retry_after\":\"\"}")]
    [InlineData("{\"run_id\":\"RUN\",\"delete\":\"yes\"}")]
    [InlineData("{\"job_id\":\"RUN\",\"batch_round\":1}")]
    [InlineData("{\"kind\":\"run_expand\",\"run_id\":\"RUN\"}")]
    [InlineData("{\"kind\":\"run_expand\",\"run_id\":\"RUN\",\"chunk\":-1}")]
    [InlineData("{\"kind\":\"run_retry\",\"run_id\":\"RUN\",\"after_job_id\":\"not-an-id\"}")]
    [InlineData("{\"kind\":\"run_batch\",\"run_id\":\"RUN\",\"round\":0}")]
    [InlineData("{\"kind\":\"run_delete\",\"run_id\":\"nope\"}")]
    public void FromJson_MalformedRunMessage_IsNotOurs(string json) =>
        Assert.Null(JobMessage.FromJson(json.Replace("RUN", Id, StringComparison.Ordinal)));
}
