using Microsoft.Extensions.AI;

namespace ScoreJobs.Judge;

/// <summary>
/// The innermost link of the judge's chat pipeline, so only a request that goes out to the model passes it (the
/// response cache answers hits further out): each is reported to <see cref="JudgeSpend"/> before it is sent, so a call
/// the model receives is counted even when the process dies before the reply is read.
/// </summary>
internal sealed class JudgeCallLog(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await JudgeSpend.PaidAsync(new TokenUsage(1, 0, 0), cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
    }
}
