using ScoreJobs.Judge;

namespace ScoreJobs.Storage;

public sealed class JudgeUsageEntryTests
{
    [Fact]
    public void Parse_LinesAsWritten_RoundTripEachField()
    {
        var call = new JudgeUsageEntry(2, new TokenUsage(1, 0, 0));
        var reply = new JudgeUsageEntry(2, new TokenUsage(0, 120, 30) { Cost = 0.0015m, Currency = "USD", RepliesRead = 1 });

        var entries = JudgeUsageEntry.Parse(call.ToLine() + reply.ToLine());

        Assert.Equal(2, entries.Count);
        Assert.Equal((2, 1, 0), (entries[0].Attempt, entries[0].Usage.JudgeCalls, entries[0].Usage.RepliesRead));
        Assert.Equal((120L, 30L, 0.0015m, "USD", 1), (entries[1].Usage.PromptTokens, entries[1].Usage.CompletionTokens, entries[1].Usage.Cost, entries[1].Usage.Currency, entries[1].Usage.RepliesRead));
    }

    [Fact]
    public void CutOffCalls_TwoCallsOutOneReplyRead_One()
    {
        var log = string.Concat(
            new JudgeUsageEntry(1, new TokenUsage(1, 0, 0)).ToLine(),
            new JudgeUsageEntry(1, new TokenUsage(1, 0, 0)).ToLine(),
            new JudgeUsageEntry(1, new TokenUsage(0, 50, 5) { RepliesRead = 1 }).ToLine(),
            // A retried call: an error reply (no tokens) and the retry's reply.
            new JudgeUsageEntry(2, new TokenUsage(1, 0, 0)).ToLine(),
            new JudgeUsageEntry(2, TokenUsage.Zero with { RepliesRead = 1 }).ToLine(),
            new JudgeUsageEntry(2, new TokenUsage(1, 0, 0)).ToLine(),
            new JudgeUsageEntry(2, new TokenUsage(0, 50, 5) { RepliesRead = 1 }).ToLine());

        Assert.Equal(1, JudgeUsageEntry.CutOffCalls(JudgeUsageEntry.Parse(log)));
    }

    [Fact]
    public void Parse_PreviousVersionsLines_ATokenLineCountsAsOneReply()
    {
        const string written = "v1 1 1 0 0 - - end\nv1 1 1 0 0 - - end\nv1 1 0 120 30 - - end\n";

        var entries = JudgeUsageEntry.Parse(written);

        Assert.Equal(3, entries.Count);
        Assert.Equal(1, JudgeUsageEntry.CutOffCalls(entries));
    }

    [Fact]
    public void Parse_LineTornByAKill_Skipped()
    {
        var whole = new JudgeUsageEntry(1, new TokenUsage(1, 0, 0)).ToLine();
        var torn = new JudgeUsageEntry(1, new TokenUsage(0, 50, 5) { RepliesRead = 1 }).ToLine()[..12];

        var entries = JudgeUsageEntry.Parse(whole + torn);

        Assert.Single(entries);
        Assert.Equal(1, JudgeUsageEntry.CutOffCalls(entries));
    }
}
