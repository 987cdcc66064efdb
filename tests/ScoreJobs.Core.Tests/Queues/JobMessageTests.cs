using ScoreJobs.Jobs;
using ScoreJobs.Records;

namespace ScoreJobs.Queues;

public sealed class JobMessageTests
{
    private static readonly string Id = JobId.New(DateTimeOffset.UtcNow);
    private const string Traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void ToJson_Message_IsSnakeCaseJobId() =>
        Assert.Equal($"{{\"job_id\":\"{Id}\"}}", new JobMessage(Id).ToJson());

    [Fact]
    public void FromJson_ItsOwnJson_RoundTrips() =>
        Assert.Equal(new JobMessage(Id), JobMessage.FromJson(new JobMessage(Id).ToJson()));

    [Fact]
    public void ToJson_CallbackMessage_CarriesTheAttempt()
    {
        Assert.Equal($"{{\"job_id\":\"{Id}\",\"callback\":3}}", JobMessage.ForCallback(Id, 3).ToJson());
        Assert.Equal(JobMessage.ForCallback(Id, 3), JobMessage.FromJson(JobMessage.ForCallback(Id, 3).ToJson()));
    }

    [Fact]
    public void ToJson_WithTraceparent_CarriesItAndRoundTrips()
    {
        var message = new JobMessage(Id) { Traceparent = Traceparent };

        Assert.Equal($"{{\"job_id\":\"{Id}\",\"traceparent\":\"{Traceparent}\"}}", message.ToJson());
        Assert.Equal(message, JobMessage.FromJson(message.ToJson()));
    }

    [Fact]
    public void FromJson_MessageWithoutTraceparent_HasNone() =>
        Assert.Null(JobMessage.FromJson($"{{\"job_id\":\"{Id}\"}}")!.Traceparent);

    [Fact]
    public void FromJson_UnreadableTraceparent_StillOurMessage() =>
        Assert.Equal(Id, JobMessage.FromJson($"{{\"job_id\":\"{Id}\",\"traceparent\":\"not-a-trace\"}}")?.JobId);

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
    public void FromJson_NotOneOfOurs_Null(string json) => Assert.Null(JobMessage.FromJson(json));

    [Fact]
    public void ToJson_RunMessages_CarryTheRunAndStepAndRoundTrip()
    {
        Assert.Equal($"{{\"run_id\":\"{Id}\",\"expand_from\":2}}", JobMessage.ForExpansion(Id, 2).ToJson());
        Assert.Equal($"{{\"run_id\":\"{Id}\",\"retry_after\":\"\"}}", JobMessage.ForRetry(Id, "").ToJson());
        Assert.Equal(JobMessage.ForExpansion(Id, 2), JobMessage.FromJson(JobMessage.ForExpansion(Id, 2).ToJson()));
        Assert.True(JobMessage.FromJson(JobMessage.ForRetry(Id, Id).ToJson())!.IsRunMessage);
        Assert.Equal($"{{\"run_id\":\"{Id}\",\"callback\":2}}", JobMessage.ForRunCallback(Id, 2).ToJson());
        Assert.Equal(JobMessage.ForRunCallback(Id, 2), JobMessage.FromJson(JobMessage.ForRunCallback(Id, 2).ToJson()));
        Assert.Equal($"{{\"run_id\":\"{Id}\",\"batch_round\":2}}", JobMessage.ForBatchRound(Id, 2).ToJson());
        Assert.Equal(JobMessage.ForBatchRound(Id, 2), JobMessage.FromJson(JobMessage.ForBatchRound(Id, 2).ToJson()));
    }

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
    [InlineData("{\"job_id\":\"RUN\",\"batch_round\":1}")]
    public void FromJson_MalformedRunMessage_IsNotOurs(string json) =>
        Assert.Null(JobMessage.FromJson(json.Replace("RUN", Id, StringComparison.Ordinal)));
}
