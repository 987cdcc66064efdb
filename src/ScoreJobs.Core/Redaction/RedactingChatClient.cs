using Microsoft.Extensions.AI;

namespace ScoreJobs.Redaction;

/// <summary>
/// Innermost in the judge's chat pipeline, right above the provider's client: a reply that quotes a secret is masked
/// before the response cache stores it and before telemetry or any caller sees it.
/// </summary>
internal sealed class RedactingChatClient(IChatClient inner, SecretRedactor redactor) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var message in response.Messages)
        {
            for (var i = 0; i < message.Contents.Count; i++)
            {
                switch (message.Contents[i])
                {
                    case TextContent text when redactor.Finds(text.Text):
                        text.Text = redactor.Redact(text.Text);
                        break;
                    case ErrorContent error when redactor.Finds(error.Message):
                        error.Message = redactor.Redact(error.Message);
                        break;
                }
            }
        }

        return response;
    }
}
