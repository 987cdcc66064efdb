using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// The innermost link of the judge's chat pipeline, so only a request that goes out to the model passes it (the
/// response cache answers hits further out): each is reported to <see cref="JudgeSpend"/> before it is sent, so a call
/// the model receives is counted even when the process dies before the reply is read.
/// </summary>
/// <remarks>
/// The line is written first and the call sent once it has landed. Sent side by side, a kill between the two sends lost
/// a call the judge had received and answered. Written first, a kill between the line landing and the request leaving
/// counts a call the judge never received: the count may err, but only towards what may have been billed. The cost is
/// one log write's latency per call, no extra request (docs/usage-and-coverage.md).
/// </remarks>
internal sealed class JudgeCallLog(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await JudgeSpend.PaidAsync(new TokenUsage(1, 0, 0), cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }
}
