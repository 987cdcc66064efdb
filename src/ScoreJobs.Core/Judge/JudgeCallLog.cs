using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// The innermost link of the judge's chat pipeline, so only a request that goes out to the model passes it (the
/// response cache answers hits further out): each is reported to <see cref="JudgeSpend"/> as it is sent, so a call the
/// model receives is counted even when the process dies before the reply is read.
/// </summary>
/// <remarks>
/// The log's write and the call go out together rather than one after the other: awaited first, a kill during the
/// write's round trip (tens of milliseconds to Storage) would leave a call logged that never went out; awaited after,
/// a kill during the call would leave one that went out unlogged. Together, only the instant between the two sends is open.
/// </remarks>
internal sealed class JudgeCallLog(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var logged = JudgeSpend.PaidAsync(new TokenUsage(1, 0, 0), cancellationToken);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await logged.ConfigureAwait(false);
        }
    }
}
