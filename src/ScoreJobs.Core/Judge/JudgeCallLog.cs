namespace ScoreJobs.Judge;

/// <summary>
/// The innermost handler of the judge's <see cref="HttpClient"/>, right above the one that opens connections: every
/// HTTP request to the model's chat or embeddings endpoint is reported to <see cref="JudgeSpend"/> as one paid call
/// before it is handed to the network, so a call the judge receives is counted even when the process dies before the
/// reply is read. The response cache answers hits above the provider client, so a hit never gets here; Batch API
/// traffic (files, batches) is not a live call and is let through uncounted.
/// </summary>
/// <remarks>
/// Counted here, not on the <c>IChatClient</c>: every request that goes on the wire is one line, whatever sends it
/// (the judge's retries, a retry of the SDK's if one were ever turned on), and whatever waits before the wire (the
/// SDK's serialization and authentication, an Entra ID token being fetched) happens before the line, so a call that
/// fails or is killed there is not counted. The line is written first and the request sent once it has landed: a kill
/// between the two counts a call the judge never received, never the other way round (docs/usage-and-coverage.md).
/// A response coming back, whatever its status, is noted on the flow; the caller logs it with the reply's tokens, so a
/// call sent and never answered shows in the log as a cut-off call.
/// </remarks>
internal sealed class JudgeCallLog : DelegatingHandler
{
    public JudgeCallLog(HttpMessageHandler inner) : base(inner)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsLiveCall(request)) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await JudgeSpend.SendingAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        JudgeSpend.Answered();
        return response;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!IsLiveCall(request)) return base.Send(request, cancellationToken);
        JudgeSpend.SendingAsync(cancellationToken).GetAwaiter().GetResult();
        var response = base.Send(request, cancellationToken);
        JudgeSpend.Answered();
        return response;
    }

    /// <summary>A POST to <c>…/chat/completions</c> or <c>…/embeddings</c> (OpenAI, the v1 API and classic Azure deployments alike).</summary>
    internal static bool IsLiveCall(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri is { } uri
        && (uri.AbsolutePath.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase)
            || uri.AbsolutePath.EndsWith("/embeddings", StringComparison.OrdinalIgnoreCase));
}
